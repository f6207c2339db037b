//! 程序的输出管道：一个（stdout 与 stderr 合在一起）或两个（分开），按到达的先后读出。
//!
//! 标准库的管道只能阻塞地读，所以每根管道由一个专门的线程读，读到的字节连同它来自
//! 哪根管道经同一个通道送来：两根管道时，先后就是各自写入的先后（程序在两次写之间
//! 几乎没有间隔时，顺序可能差一点，这是分开两根管道的代价）。所有写端（子进程和它的
//! 子进程）都关闭后，线程读到结尾就退出。

use std::io::Read;

use serde::Serialize;
use tokio::sync::mpsc;

/// 输出来自哪里。▶ 把程序的 stdout 和 stderr 分开送（页面用不同的颜色显示）；
/// 生成书中输出时两者写进同一根管道，都标成 `Program`，先后与终端里看到的一致。
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stream {
    /// `cargo build` 的输出（编译错误、警告）。
    Build,
    /// 程序的 stdout（生成书中输出时：stdout 与 stderr 合在一起）。
    Program,
    /// 程序的 stderr。
    Stderr,
}

/// 一根或两根管道的读端，各自按 UTF-8 拼接：一个汉字被拆在两次读取之间也不会变成乱码。
pub(crate) struct Pipe {
    chunks: mpsc::Receiver<(Stream, std::io::Result<Vec<u8>>)>,
    /// 每根管道还没拼成完整字符的字节。
    pending: Vec<(Stream, Vec<u8>)>,
}

impl Pipe {
    pub(crate) fn spawn(readers: Vec<(Stream, std::io::PipeReader)>) -> Self {
        let (tx, chunks) = mpsc::channel(16);
        let pending = readers
            .iter()
            .map(|(stream, _)| (*stream, Vec::new()))
            .collect();
        for (stream, mut reader) in readers {
            let tx = tx.clone();
            std::thread::spawn(move || {
                let mut buffer = [0; 8192];
                loop {
                    let chunk = match reader.read(&mut buffer) {
                        Ok(0) => break,
                        Ok(n) => Ok(buffer[..n].to_vec()),
                        Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
                        Err(error) => Err(error),
                    };
                    let failed = chunk.is_err();
                    // 对面不要了（运行已经结束）也就不必再读。
                    if tx.blocking_send((stream, chunk)).is_err() || failed {
                        break;
                    }
                }
            });
        }
        Self { chunks, pending }
    }

    /// 读到一些完整的字符就返回（连同它来自哪根管道）；全部读到结尾时返回 `None`。
    pub(crate) async fn read(&mut self) -> std::io::Result<Option<(Stream, String)>> {
        loop {
            let Some((stream, chunk)) = self.chunks.recv().await else {
                // 都读完了：把残缺的尾巴（不合法的 UTF-8）也交出去。
                for (stream, rest) in &mut self.pending {
                    if !rest.is_empty() {
                        let rest = std::mem::take(rest);
                        return Ok(Some((*stream, String::from_utf8_lossy(&rest).into_owned())));
                    }
                }
                return Ok(None);
            };
            let chunk = chunk?;
            let pending = self
                .pending
                .iter_mut()
                .find(|(s, _)| *s == stream)
                .map(|(_, bytes)| bytes)
                .expect("每根管道都有自己的缓冲");
            pending.extend_from_slice(&chunk);
            if let Some(text) = take_complete_utf8(pending) {
                return Ok(Some((stream, text)));
            }
        }
    }
}

/// 取出 `bytes` 开头所有完整的字符，末尾不完整的（最多 3 个字节）留到下次。
/// 不合法的字节换成 U+FFFD。什么也取不出时返回 `None`。
fn take_complete_utf8(bytes: &mut Vec<u8>) -> Option<String> {
    let keep = match std::str::from_utf8(bytes) {
        Ok(_) => 0,
        // 只有结尾处“还没读完”的字符才留着；中间的坏字节交给 from_utf8_lossy。
        Err(error) if error.error_len().is_none() => bytes.len() - error.valid_up_to(),
        Err(_) => 0,
    };
    let split = bytes.len() - keep;
    if split == 0 {
        return None;
    }
    let rest = bytes.split_off(split);
    let text = String::from_utf8_lossy(bytes).into_owned();
    *bytes = rest;
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_split_between_reads_is_kept_for_the_next_read() {
        let text = "你好".as_bytes();
        let mut bytes = text[..4].to_vec(); // “你”的 3 个字节 + “好”的第 1 个字节
        assert_eq!(take_complete_utf8(&mut bytes).as_deref(), Some("你"));
        assert_eq!(bytes, &text[3..4]);
        assert_eq!(take_complete_utf8(&mut bytes), None);
        bytes.extend_from_slice(&text[4..]);
        assert_eq!(take_complete_utf8(&mut bytes).as_deref(), Some("好"));
        assert!(bytes.is_empty());
    }

    #[test]
    fn invalid_bytes_become_replacement_characters() {
        let mut bytes = b"a\xffb".to_vec();
        assert_eq!(
            take_complete_utf8(&mut bytes).as_deref(),
            Some("a\u{fffd}b")
        );
    }
}
