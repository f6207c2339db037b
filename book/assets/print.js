// 打印：练习的提示和参考答案（<details>）展开着印出来。
//
// print.html 把全书拼成一页，打开时就展开全部 <details>（浏览器的“打印”和无头 Chromium 的
// --print-to-pdf 都照这个样子印）；别的页面在打印前展开、打印后恢复原样。
// 其余的打印样式（A4、不印按钮、代码块可以跨页）在 book/assets/book.css 和
// code/notebook/assets/notebook.css 的 @media print 里。
(function () {
    "use strict";

    const closed = () => Array.from(document.querySelectorAll("details:not([open])"));

    if (location.pathname.endsWith("/print.html") || location.pathname === "print.html") {
        closed().forEach(details => {
            details.open = true;
        });
        return;
    }

    let opened = [];
    window.addEventListener("beforeprint", () => {
        opened = closed();
        opened.forEach(details => {
            details.open = true;
        });
    });
    window.addEventListener("afterprint", () => {
        opened.forEach(details => {
            details.open = false;
        });
        opened = [];
    });
})();
