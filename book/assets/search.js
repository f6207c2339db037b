// 中文全文搜索。
//
// mdBook 自带的搜索按空格切词，搜不到中文词语；本书改用 Pagefind，它在建索引时
// 对中文分词。索引由 `cargo run`（或 `cargo run -- build`）在 target/book/pagefind/
// 生成。用 mdBook 命令行构建的书仍用 mdBook 自带的搜索，这个脚本什么也不做。
// mdBook 页面的结构只通过 code/notebook/assets/mdbook-adapter.js（window.bingfaMdbook）来用。
(function () {
    "use strict";

    const mdbook = window.bingfaMdbook;
    const bar = mdbook.menuButtons();
    const menu = mdbook.menuBar();
    // 用带搜索功能的 mdBook 命令行构建时，页面已有 mdBook 自带的搜索，不再重复。
    if (!bar || !menu || mdbook.hasOwnSearch()) {
        return;
    }

    const button = document.createElement("button");
    button.id = "bingfa-search-toggle";
    button.className = mdbook.menuButtonClass;
    button.type = "button";
    button.title = "搜索（快捷键 S 或 /）";
    button.setAttribute("aria-label", "搜索");
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-controls", "bingfa-search");
    button.innerHTML =
        '<svg viewBox="0 0 512 512" width="16" height="16" aria-hidden="true"><path fill="currentColor" d="M416 208c0 45.9-14.9 88.3-40 122.7L502.6 457.4c12.5 12.5 12.5 32.8 0 45.3s-32.8 12.5-45.3 0L330.7 376c-34.4 25.2-76.8 40-122.7 40C93.1 416 0 322.9 0 208S93.1 0 208 0S416 93.1 416 208zM208 352a144 144 0 1 0 0-288 144 144 0 1 0 0 288z"/></svg>';
    bar.appendChild(button);

    const panel = document.createElement("div");
    panel.id = "bingfa-search";
    panel.hidden = true;
    menu.insertAdjacentElement("afterend", panel);

    // Pagefind 用 import() 加载自己的模块，路径必须是绝对的。
    const bundle = new URL(mdbook.root() + "pagefind/", location.href).pathname;
    let ui = null;

    // 直接从磁盘打开（file://）时，浏览器不许页面用 import() 和 fetch 读别的文件，
    // Pagefind 的索引一个字也读不到：说明原因，而不是一直显示“正在搜索”。
    const fromDisk = location.protocol === "file:";

    function load() {
        if (ui) {
            return ui;
        }
        if (fromDisk) {
            panel.innerHTML =
                '<p class="bingfa-search-note" role="status">从磁盘直接打开的书（地址以 file:// 开头）不能搜索：' +
                "浏览器不允许这样打开的页面读取搜索索引。请在仓库根目录运行 <code>cargo run</code>，" +
                "用它打印的地址打开本书；或者用任意一个静态网页服务器提供 <code>target/book</code>" +
                "（例如在那里运行 <code>python3 -m http.server</code>），再搜索。</p>";
            ui = Promise.resolve();
            return ui;
        }
        ui = new Promise(function (resolve) {
            const css = document.createElement("link");
            css.rel = "stylesheet";
            css.href = bundle + "pagefind-ui.css";
            document.head.appendChild(css);

            const script = document.createElement("script");
            script.src = bundle + "pagefind-ui.js";
            script.onload = function () {
                new PagefindUI({
                    element: "#bingfa-search",
                    bundlePath: bundle,
                    showSubResults: true,
                    showImages: false,
                    // 摘录长一些：默认的 30 个词切成中文只有十几个字，看不出上下文。
                    excerptLength: 60,
                    // 拆成小节之后页面都不长：少按页面长短打折，讲某个概念的那一节（提到它最多次的页面）
                    // 排在只顺带提一句的页面前面。
                    ranking: { pageLength: 0.1 },
                    resetStyles: false,
                });
                resolve();
            };
            script.onerror = function () {
                panel.innerHTML =
                    "<p>没有找到搜索索引。请在仓库根目录用 <code>cargo run</code> 构建并打开本书：" +
                    "中文搜索的索引由它生成，<code>mdbook serve</code> 不会生成。</p>";
                resolve();
            };
            document.head.appendChild(script);
        });
        return ui;
    }

    // 术语表（附录“术语表”）：搜的正好是一个术语时，讲它的那一节排在最前面，连同一句话的意思。
    // 英文名字（mutex、barrier……，术语表“英文 / Rust”一栏）也认；一个英文名对应几个术语时
    // （drop：丢弃、守卫），每个术语一条。
    // Pagefind 按词频排序，常常把只是多次提到相近字眼的页面排在前面（见 code/notebook/src/glossary.rs）。
    // 文件由 `cargo run` 构建时写出；没有它（例如用 mdbook 命令行构建）就只有 Pagefind 的结果。
    let glossary = null;

    function glossaryTerms() {
        if (fromDisk) {
            return Promise.resolve([]);
        }
        if (!glossary) {
            glossary = fetch(mdbook.root() + "search-terms.json")
                .then(function (response) {
                    return response.ok ? response.json() : [];
                })
                .catch(function () {
                    return [];
                });
        }
        return glossary;
    }

    function showTerm(input) {
        glossaryTerms().then(function (terms) {
            // 边打字边查：等术语表取到时，以输入框里现在的字为准，页面上只留一条。
            const form = panel.querySelector(".pagefind-ui__form");
            panel.querySelectorAll(".bingfa-term").forEach(function (old) {
                old.remove();
            });
            const wanted = input.value.trim().toLowerCase();
            let found = terms.filter(function (t) {
                return t.term.toLowerCase() === wanted;
            });
            if (found.length === 0) {
                found = terms.filter(function (t) {
                    return (t.english || []).includes(wanted);
                });
            }
            if (!form) {
                return;
            }
            found.forEach(function (term) {
                const box = document.createElement("div");
                box.className = "bingfa-term";
                const name = document.createElement("strong");
                name.textContent = term.term;
                const meaning = document.createElement("span");
                meaning.textContent = "（术语表）" + term.meaning + " ";
                const link = document.createElement("a");
                link.href = mdbook.root() + term.url;
                link.textContent = "详见：" + term.section + " →";
                box.append(name, meaning, link);
                // 放在输入框和 Pagefind 的结果之间。
                form.insertBefore(box, form.querySelector(".pagefind-ui__drawer"));
            });
        });
    }

    function show(open) {
        panel.hidden = !open;
        button.setAttribute("aria-expanded", String(open));
        if (open) {
            load().then(function () {
                const input = panel.querySelector("input");
                if (input) {
                    input.focus();
                    if (!input.dataset.bingfaTerms) {
                        input.dataset.bingfaTerms = "on";
                        input.addEventListener("input", function () {
                            showTerm(input);
                        });
                    }
                }
            });
        }
    }

    button.addEventListener("click", function () {
        show(panel.hidden);
    });

    document.addEventListener("keydown", function (event) {
        const target = event.target;
        const typing =
            target instanceof HTMLInputElement ||
            target instanceof HTMLTextAreaElement ||
            (target instanceof HTMLElement && target.isContentEditable);
        if (event.key === "Escape" && !panel.hidden) {
            show(false);
            button.focus();
        } else if (!typing && !event.altKey && !event.ctrlKey && !event.metaKey &&
            (event.key === "s" || event.key === "S" || event.key === "/")) {
            event.preventDefault();
            show(true);
        }
    });
})();
