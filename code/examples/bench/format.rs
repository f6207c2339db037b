//! 共用的数字格式：JSON 里的小数位数，表格、图和进度里的内存峰值和千位分隔符。
use serde::Serializer;

/// 内存峰值的文字；读不到时是“—”。
pub fn mb_text(mb: Option<f64>) -> String {
    mb.map_or("—".into(), |mb| format!("{mb:.1} MB"))
}

/// 整数加千位分隔符：1000000 → 1,000,000。
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// 测得的秒数、倍数在 JSON 里只留 6 位小数（到微秒）：再往后的位数只是噪声。
/// 不是有限数（不会出现，以防万一）时，serde_json 写成 `null`。
pub fn six_places<S: Serializer>(x: &f64, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_f64((x * 1e6).round() / 1e6)
}

pub fn six_places_or_null<S: Serializer>(
    x: &Option<f64>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match x {
        Some(x) => six_places(x, serializer),
        None => serializer.serialize_none(),
    }
}
