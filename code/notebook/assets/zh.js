'use strict';

// mdBook 自带的界面是英文的：按钮的提示、主题的名字、按 ? 弹出的快捷键帮助、复制后的
// “Copied!”。这里把它们换成中文，帮助里再加上本书自己的搜索键 S 和 /（book/assets/search.js）。
// 另外，手机上的图表太小：每张图都包进一个链接，点一下在新页面里看原图，窄屏上还能横着滚动；
// 比屏幕宽的图和表格下面一行字说明可以左右滑动。键盘用户的第一下 Tab 是“跳到正文”。
// 下面的英文是 mdBook 0.5.4 界面上的原文；页面的结构只通过 mdbook-adapter.js 来用。
(function interfaceInChinese() {
    const mdbook = window.bingfaMdbook;
    const TITLES = new Map([
        ['Toggle Table of Contents', '显示或隐藏目录'],
        ['Table of contents', '目录'],
        ['Change theme', '换一种配色'],
        ['Themes', '配色'],
        ['Print this book', '打印整本书'],
        ['Previous chapter', '上一页'],
        ['Next chapter', '下一页'],
        ['Page navigation', '翻页'],
        ['Copy to clipboard', '复制代码'],
        ['Run this code', '运行这段代码（发到 Rust Playground）'],
        ['Undo changes', '还原成书中的代码'],
    ]);
    const THEMES = new Map([
        ['default_theme', '跟随系统'],
        ['light', '浅色'],
        ['rust', '米黄'],
        ['coal', '煤黑'],
        ['navy', '藏青'],
        ['ayu', 'Ayu 深色'],
    ]);
    const MESSAGES = new Map([
        ['Copied!', '已复制'],
        ['Clipboard error!', '复制失败'],
        ['Running...', '运行中……'],
        ['No output', '没有输出'],
    ]);

    function translateTitles(root) {
        for (const attribute of ['title', 'aria-label']) {
            root.querySelectorAll(`[${attribute}]`).forEach(element => {
                const chinese = TITLES.get(element.getAttribute(attribute));
                if (chinese) {
                    element.setAttribute(attribute, chinese);
                }
            });
        }
    }

    translateTitles(document);
    THEMES.forEach((name, id) => {
        const button = mdbook.themeButton(id);
        if (button) {
            button.textContent = name;
        }
    });

    // 按 ? 弹出的帮助。
    const help = mdbook.helpPopup();
    if (help) {
        const key = text => {
            const kbd = document.createElement('kbd');
            kbd.textContent = text;
            return kbd;
        };
        const line = (...parts) => {
            const p = document.createElement('p');
            p.append(...parts.map(part => (part.startsWith('key:') ? key(part.slice(4)) : part)));
            return p;
        };
        mdbook.helpTitle().textContent = '键盘快捷键';
        const lines = [
            line('按 ', 'key:←', ' 或 ', 'key:→', ' 翻到上一页、下一页'),
            line('按 ', 'key:?', ' 显示这份帮助'),
            line('按 ', 'key:Esc', ' 关掉它'),
            line('编辑代码时按 ', 'key:Ctrl-Enter', ' 运行'),
            line('编辑代码时按 ', 'key:Esc', ' 离开编辑器，再按 ', 'key:Tab', ' 移到下一处；',
                '在编辑器上按 ', 'key:Enter', ' 回去接着编辑'),
            line('打开页面后第一下 ', 'key:Tab', ' 是“跳到正文”，按 ', 'key:Enter', ' 跳过目录'),
        ];
        // 本书的中文搜索（book/assets/search.js）；mdBook 自带的搜索也认这两个键。
        if (document.getElementById('bingfa-search-toggle') || mdbook.hasOwnSearch()) {
            lines.splice(1, 0, line('按 ', 'key:S', ' 或 ', 'key:/', ' 搜索'));
        }
        mdbook.helpBody().replaceChildren(...lines);
    }

    // 找不到的页面（404.html）：mdBook 的那两句英文换成中文，再给一个回到首页的链接。
    // 404.html 用 <base href> 找到样式和脚本：书放在网站的子路径下时，构建时要给出
    // site-url（README 的“放到网站上”）。
    if (mdbook.isNotFoundPage()) {
        const main = mdbook.main();
        const title = document.createElement('h1');
        title.textContent = '找不到这一页（404）';
        const text = document.createElement('p');
        text.append('这个地址上没有本书的页面，可能是地址打错了，或者这一页改了名字。'
            + '请从左边的目录或搜索（按 S）找到要读的那一节，或者');
        const home = document.createElement('a');
        home.href = mdbook.notFoundHome();
        home.textContent = '回到本书的首页';
        text.append(home, '。');
        main.replaceChildren(title, text);
        document.title = document.title.replace(/^Page not found/, '找不到这一页');
    }

    // “显示隐藏的行”：mdBook 的按钮靠比较英文的 title 来切换，所以换成同样功能的新按钮。
    mdbook.eyeButtons().forEach(old => {
        const pre = old.closest('pre');
        const button = old.cloneNode(true);
        button.classList.add('nb-eye-button');
        const show = hidden => {
            const icon = mdbook.icon(hidden ? 'eye' : 'eye-slash');
            if (icon) {
                button.innerHTML = icon.innerHTML;
            }
            button.title = hidden ? '显示隐藏的行' : '收起平时隐藏的行';
            button.setAttribute('aria-label', button.title);
        };
        button.addEventListener('click', () => show(mdbook.toggleFolded(pre)));
        show(true);
        old.replaceWith(button);
    });

    // 之后才出现的文字：复制后的提示、Playground 运行的结果。
    new MutationObserver(changes => {
        for (const change of changes) {
            const node = change.target.nodeType === Node.TEXT_NODE ? change.target.parentNode : change.target;
            const chinese = node && MESSAGES.get(node.textContent);
            if (chinese) {
                node.textContent = chinese;
            }
            if (change.type === 'attributes' && node instanceof Element) {
                translateTitles(node.parentNode || node);
            }
        }
    }).observe(mdbook.main(), {
        subtree: true,
        childList: true,
        characterData: true,
        attributes: true,
        attributeFilter: ['title'],
    });

    // 图表与示意图：点一下在新页面里看原图（SVG 可以随意放大）；窄屏上按可读的宽度横向滚动，
    // 图比屏幕宽时下面一行字说明可以左右滑动。
    // mdBook 0.5 把每张图放进一个“点一下放大”的 <label>（一个看不见的复选框、图和放大用的
    // 第二份图）：换成只有这张图的链接，点一下看的是可以随意放大的原图。
    const wide = [];
    mdbook.zoomLabels().forEach(({ label, img }) => label.replaceWith(img));
    mdbook.main().querySelectorAll('img').forEach(img => {
        if (img.closest('a')) {
            return;
        }
        const link = document.createElement('a');
        link.className = 'nb-figure';
        link.href = img.getAttribute('src');
        link.target = '_blank';
        link.title = '点击查看原图';
        img.replaceWith(link);
        link.append(img);
        wide.push([link, hint('nb-figure-hint', '← 图比屏幕宽，左右滑动看全图，点一下看原图 →', link)]);
    });
    // 放不下、在自己的框里横向滚动的表格，同样说一句。
    const tables = Array.from(mdbook.main().querySelectorAll('table'));
    tables.forEach(table => {
        wide.push([table, hint('nb-scroll-hint', '← 表格比屏幕宽，左右滑动看其余的列 →', table)]);
    });

    // 表格的列宽：放不下时表格横向滚动（book.css），但浏览器排表格时仍会先把各列压到最窄，
    // 中文的一列可能只剩一个字宽（“进/程”）。这里给每列一个最小宽度：这一列的内容不换行时的
    // 宽度（表头不算，表头的中文可以换行），手机上最多 12 个字宽，别处（桌面、打印）最多 6 个字宽，
    // 长句子的一列照常换行，多出来的宽度仍由浏览器按内容分配。
    const narrow = window.matchMedia('(max-width: 620px)');
    // 格子里的字怎样换行（book.css 配合）：
    // - 带连字符或斜杠的英文、数字（2026-04-14、6.18.44-fc-v509、crossbeam-channel）：浏览器会在
    //   连字符后面换行，包进一个不换行的 span，整个词在一行里；
    // - 长代码（Command::new(env::current_exe())、asyncio.create_subprocess_exec）：在 ::、( 和
    //   名字前的 . 后面放一个 <wbr>。屏幕上格子里的代码不换行（表格横向滚动），打印时纸不能滚动，
    //   才在这些地方换行：断开的只在两个记号之间，不会断在名字或数字中间。
    const codeBreak = /(?<=::)|(?<=\()(?!\))|(?<=\.)(?=[A-Za-z_])/;
    const hyphenated = /([!-~]*[-/][!-~]*)/;
    tables.forEach(table => {
        const walker = document.createTreeWalker(table, NodeFilter.SHOW_TEXT);
        const nodes = [];
        while (walker.nextNode()) {
            nodes.push(walker.currentNode);
        }
        nodes.forEach(node => {
            const inCode = Boolean(node.parentElement.closest('code'));
            if (!/[!-~][-/][!-~]/.test(node.data) && !(inCode && codeBreak.test(node.data))) {
                return;
            }
            const pieces = [];
            node.data.split(hyphenated).forEach((part, index) => {
                if (index % 2 === 1) {
                    const word = document.createElement('span');
                    word.className = 'nb-nowrap';
                    word.textContent = part;
                    pieces.push(word);
                } else if (inCode) {
                    part.split(codeBreak).forEach((piece, at) => {
                        pieces.push(...(at === 0 ? [piece] : [document.createElement('wbr'), piece]));
                    });
                } else {
                    pieces.push(part);
                }
            });
            node.replaceWith(...pieces.filter(piece => piece !== ''));
        });
    });

    function fitColumns() {
        tables.forEach(table => {
            const all = Array.from(table.rows);
            all.forEach(row => Array.from(row.cells).forEach(cell => { cell.style.minWidth = ''; }));
            const body = all.filter(row => row.parentElement.tagName !== 'THEAD');
            const rows = body.length > 0 ? body : all;
            if (rows.length === 0) {
                return;
            }
            table.style.width = 'max-content';
            table.style.maxWidth = 'none';
            const em = parseFloat(getComputedStyle(table).fontSize);
            const cap = (narrow.matches ? 12 : 6) * em;
            const widths = [];
            rows.forEach(row => Array.from(row.cells).forEach((cell, index) => {
                const range = document.createRange();
                range.selectNodeContents(cell);
                const natural = range.getBoundingClientRect().width;
                widths[index] = Math.max(widths[index] || 0, Math.min(natural, cap));
            }));
            table.style.width = '';
            table.style.maxWidth = '';
            all.forEach(row => Array.from(row.cells).forEach((cell, index) => {
                if (widths[index] !== undefined) {
                    cell.style.minWidth = `${Math.ceil(widths[index])}px`;
                }
            }));
        });
    }

    function hint(className, text, after) {
        const note = document.createElement('p');
        note.className = className;
        note.textContent = text;
        note.hidden = true;
        after.after(note);
        return note;
    }

    function showScrollHints() {
        wide.forEach(([box, note]) => {
            note.hidden = box.scrollWidth <= box.clientWidth + 1;
        });
    }
    fitColumns();
    showScrollHints();
    window.addEventListener('load', showScrollHints); // 图片加载完才知道宽度
    narrow.addEventListener('change', fitColumns);
    window.addEventListener('resize', showScrollHints);

    // 跳到正文：键盘的第一下 Tab 落在这里，回车之后焦点到正文的开头，跳过目录（几十个链接）
    // 和菜单栏。样式见 book/assets/book.css 的 .nb-skip。
    const main = mdbook.main();
    if (main !== document.body) {
        const skip = document.createElement('a');
        skip.className = 'nb-skip';
        skip.href = '#' + mdbook.contentId();
        skip.textContent = '跳到正文';
        skip.addEventListener('click', event => {
            event.preventDefault();
            main.tabIndex = -1;
            main.focus();
        });
        document.body.prepend(skip);
    }
})();
