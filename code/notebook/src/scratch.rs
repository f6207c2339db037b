//! 代码单元各自成包：就像读者 `cargo new` 出来、只加了本书代码单元依赖的项目。
//!
//! ▶ 的草稿包（[`crate::server::Runner`]）和“每个代码单元都能复制出去”的测试
//! （`tests/copyable.rs`）都用 [`write_workspace`] 写出这样一个工作区：每个成员包的
//! `Cargo.toml` 只有 `[package]` 和根 `Cargo.toml` 里
//! `[workspace.metadata.notebook] cell-dependencies` 列出的几个依赖，没有配套代码 `bingfa`，
//! 也没有只给测试用的包。

use std::path::Path;

use anyhow::Context;

use crate::write_if_changed;

/// 代码单元的依赖表，例如 `tokio = { version = "1.48", features = ["full"] }`：
/// 名字来自根 `Cargo.toml` 的 `[workspace.metadata.notebook] cell-dependencies`，
/// 版本和特性来自 `[workspace.dependencies]`。
pub fn cell_dependencies(repo: &Path) -> anyhow::Result<toml::Table> {
    let manifest = read_manifest(repo)?;
    let workspace = manifest
        .get("workspace")
        .and_then(toml::Value::as_table)
        .context("仓库的 Cargo.toml 没有 [workspace]")?;
    let names = workspace
        .get("metadata")
        .and_then(|m| m.get("notebook"))
        .and_then(|n| n.get("cell-dependencies"))
        .and_then(toml::Value::as_array)
        .context("仓库的 Cargo.toml 没有 [workspace.metadata.notebook] cell-dependencies")?;
    let declared = workspace
        .get("dependencies")
        .and_then(toml::Value::as_table)
        .context("仓库的 Cargo.toml 没有 [workspace.dependencies]")?;
    let mut dependencies = toml::Table::new();
    for name in names {
        let name = name.as_str().context("cell-dependencies 里应当是包名")?;
        let spec = declared
            .get(name)
            .with_context(|| format!("代码单元的依赖 {name} 不在 [workspace.dependencies] 里"))?;
        dependencies.insert(name.to_owned(), spec.clone());
    }
    Ok(dependencies)
}

/// 在 `dir` 写出一个工作区，成员是 `members` 里的每个包（目录名即包名）：
/// - 根 `Cargo.toml`：成员列表，以及仓库的 `[profile]`（编译选项相同，已编译的依赖才能复用）；
/// - `Cargo.lock`：复制仓库的，依赖的版本与书中输出所用的一致；
/// - 每个成员的 `Cargo.toml`（见 [`cell_manifest`]）；没有 `src/main.rs` 时写一个空的 `main`。
///
/// 内容没变的文件不重写，cargo 就不会无故重新编译。
pub fn write_workspace(repo: &Path, dir: &Path, members: &[String]) -> anyhow::Result<()> {
    write_workspace_with(repo, dir, members, &toml::Table::new())
}

/// 同 [`write_workspace`]，每个成员另有开发依赖 `dev_dependencies`（只有测试用得到：
/// ▶ 的草稿包用它给「检查」加上 `bingfa`，见 [`check_dependencies`]）。
pub fn write_workspace_with(
    repo: &Path,
    dir: &Path,
    members: &[String],
    dev_dependencies: &toml::Table,
) -> anyhow::Result<()> {
    let header = "# 由 notebook 自动生成，请勿手改。\n";
    let mut root = toml::Table::new();
    let mut workspace = toml::Table::new();
    workspace.insert("resolver".into(), "3".into());
    workspace.insert("members".into(), members.to_vec().into());
    root.insert("workspace".into(), workspace.into());
    if let Some(profile) = read_manifest(repo)?.get("profile") {
        root.insert("profile".into(), profile.clone());
    }
    write_if_changed(
        &dir.join("Cargo.toml"),
        &format!("{header}{}", toml::to_string(&root)?),
    )?;
    let lock = std::fs::read_to_string(repo.join("Cargo.lock"))
        .context("读不到仓库的 Cargo.lock（先运行一次 cargo build）")?;
    write_if_changed(&dir.join("Cargo.lock"), &lock)?;

    let dependencies = cell_dependencies(repo)?;
    for name in members {
        let package = dir.join(name);
        write_if_changed(
            &package.join("Cargo.toml"),
            &format!(
                "{header}{}",
                manifest(name, &dependencies, dev_dependencies)?
            ),
        )?;
        let main = package.join("src/main.rs");
        if !main.exists() {
            write_if_changed(&main, "fn main() {}\n")?;
        }
    }
    Ok(())
}

/// 名为 `name` 的代码单元包的 `Cargo.toml`：读者自己的项目也就是这样。
pub fn cell_manifest(name: &str, dependencies: &toml::Table) -> anyhow::Result<String> {
    manifest(name, dependencies, &toml::Table::new())
}

/// 「检查」的测试要的开发依赖：配套代码 `bingfa`（`watch`、`exercise_program`）。
pub fn check_dependencies(repo: &Path) -> toml::Table {
    let mut bingfa = toml::Table::new();
    let path = repo.join("code").to_string_lossy().into_owned();
    bingfa.insert("path".into(), path.into());
    let mut table = toml::Table::new();
    table.insert("bingfa".into(), bingfa.into());
    table
}

fn manifest(
    name: &str,
    dependencies: &toml::Table,
    dev_dependencies: &toml::Table,
) -> anyhow::Result<String> {
    let mut package = toml::Table::new();
    package.insert("name".into(), name.into());
    package.insert("version".into(), "0.1.0".into());
    package.insert("edition".into(), "2024".into());
    package.insert("publish".into(), false.into());
    let mut manifest = toml::Table::new();
    manifest.insert("package".into(), package.into());
    manifest.insert("dependencies".into(), dependencies.clone().into());
    if !dev_dependencies.is_empty() {
        manifest.insert("dev-dependencies".into(), dev_dependencies.clone().into());
    }
    Ok(toml::to_string(&manifest)?)
}

fn read_manifest(repo: &Path) -> anyhow::Result<toml::Table> {
    let path = repo.join("Cargo.toml");
    std::fs::read_to_string(&path)
        .with_context(|| format!("读不到 {}", path.display()))?
        .parse()
        .with_context(|| format!("{} 不是合法的 TOML", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_gets_exactly_the_declared_dependencies() {
        let deps = cell_dependencies(&crate::repo_root()).unwrap();
        let names: Vec<&str> = deps.keys().map(String::as_str).collect();
        // 每个代码单元都用得到的几个一定在；只给工具和测试用的一个也不在。
        for core in ["anyhow", "rand", "tokio"] {
            assert!(names.contains(&core), "{names:?}");
        }
        for tool in [
            "bingfa",
            "notebook",
            "plotters",
            "libc",
            "axum",
            "mdbook-driver",
        ] {
            assert!(!names.contains(&tool), "{tool} 只给工具用：{names:?}");
        }
        // tokio 带着与仓库相同的特性（full，以及暂停时钟要的 test-util）。
        let tokio = deps["tokio"].as_table().unwrap();
        let features = tokio["features"].as_array().unwrap();
        assert!(
            features.iter().any(|f| f.as_str() == Some("full")),
            "{tokio}"
        );
        let manifest = cell_manifest("ch00_01_first_taste", &deps).unwrap();
        assert!(!manifest.contains("bingfa"), "{manifest}");
        assert!(!manifest.contains("workspace"), "{manifest}");
    }
}
