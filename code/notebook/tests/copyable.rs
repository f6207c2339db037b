//! 每个代码单元都是读者自己的程序：把它放进一个 `cargo new` 出来、只加了本书代码单元
//! 依赖（根 `Cargo.toml` 的 `[workspace.metadata.notebook] cell-dependencies`）的项目，
//! 就能编译。
//!
//! 做法与 ▶ 的草稿包相同（`notebook::scratch`）：每个代码单元（包括练习的起始代码）
//! 写成一个独立的包，`Cargo.toml` 里没有配套代码 `bingfa`，也没有只给测试用的包，
//! 再一起 `cargo build`。用到别的包的代码单元在这里编译不过。

use std::path::Path;
use std::process::Command;

#[test]
fn every_cell_compiles_as_its_own_package_with_only_the_cell_dependencies() {
    let repo = notebook::repo_root();
    let mut packages: Vec<(String, std::path::PathBuf)> = notebook::cells::cells()
        .unwrap()
        .into_iter()
        .map(|cell| (cell.name, cell.source))
        .collect();
    for entry in std::fs::read_dir(repo.join("code/exercises")).unwrap() {
        let path = entry.unwrap().path();
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        if !stem.ends_with(notebook::cells::CHECK_SUFFIX) {
            packages.push((notebook::cells::starter_name(&stem), path));
        }
    }
    assert!(packages.len() > 50, "只找到 {} 个代码单元", packages.len());

    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let dir = tmp.join("copyable");
    let names: Vec<String> = packages.iter().map(|(name, _)| name.clone()).collect();
    notebook::scratch::write_workspace(&repo, &dir, &names).unwrap();
    for (name, source) in &packages {
        let code = std::fs::read_to_string(source).unwrap();
        notebook::write_if_changed(&dir.join(name).join("src/main.rs"), &code).unwrap();
    }

    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args([
            "build",
            "--workspace",
            "--color",
            "never",
            "--manifest-path",
        ])
        .arg(dir.join("Cargo.toml"))
        // 与 ▶ 的草稿包共用 target/：依赖只编译一次。
        .env("CARGO_TARGET_DIR", tmp.parent().unwrap())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "有代码单元在读者自己的项目里编译不过（只有 {:?} 这几个依赖）：\n{}",
        notebook::scratch::cell_dependencies(&repo)
            .unwrap()
            .keys()
            .collect::<Vec<_>>(),
        String::from_utf8_lossy(&output.stderr)
    );
}
