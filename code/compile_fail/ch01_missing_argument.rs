//! 笔记里的 `"%s下载完成，耗费%d秒"%filename,time_to_download` 写成 Rust：少了一个参数。
fn main() {
    let filename = "996 save.pdf";
    println!("{}下载完成，耗费{}秒", filename);
}
