// 离线阅读时的一处修补。
//
// mdBook 的 book.js 每打开一页都向 play.rust-lang.org 询问 Playground 有哪些 crate，
// 请求失败时没有处理，浏览器控制台会报一条“未处理的错误”。没有网络时这很正常：
// 这里把它改成一条普通提示。问不到，mdBook 就不显示 ▶；页面上说明原因的那句话
// 由 notebook.js 写（收到事件 bingfa-playground-unreachable 时）。
window.addEventListener("unhandledrejection", function (event) {
    const reason = event.reason;
    if (!reason) {
        return;
    }
    // bingfaOffline：code/notebook/theme/head.hbs 给“连不上 Playground”做的记号（它已经发出了事件）；
    // 另一种是 mdBook 自己的 6 秒超时。
    const timedOut = String(reason.stack).includes("fetch_with_timeout");
    if (reason.bingfaOffline || timedOut) {
        event.preventDefault();
        console.info("连不上 Rust Playground（离线？）：", String(reason));
        if (timedOut) {
            window.dispatchEvent(new Event("bingfa-playground-unreachable"));
        }
    }
});
