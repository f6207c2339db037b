// 离线阅读时的一处修补。
//
// mdBook 的 book.js 每打开一页都向 play.rust-lang.org 询问 Playground 有哪些 crate，
// 请求失败时没有处理，浏览器控制台会报一条“未处理的错误”。没有网络时这很正常：
// 这里把它改成一条普通提示，▶ 依旧可用（联网后会连上 Playground）。
window.addEventListener("unhandledrejection", function (event) {
    const reason = event.reason;
    if (reason && String(reason.stack).includes("fetch_with_timeout")) {
        event.preventDefault();
        console.info("连不上 Rust Playground（离线？）：", String(reason));
    }
});
