'use strict';

/* global path_to_root */

// 本书的脚本和 mdBook 页面之间唯一的接口。
//
// mdBook 生成的页面里，本书的脚本要用的每一样东西都只写在这里：元素的 id 和 class、
// 代码块的结构、mdBook 放在 window 上的变量、它的按钮和图标、它向 Playground 发的请求。
// 其余脚本（notebook.js、notebook-edit.js、zh.js、book/assets/search.js 和主题里的
// head.hbs）只调用 window.bingfaMdbook，自己不写 mdBook 的选择器。
//
// 这份接口是照着 mdBook 0.5.4 写的：code/notebook/Cargo.toml 和 code/doctests/Cargo.toml
// 把 mdBook 的库钉在这个版本上。升级 mdBook 时，先改这里的 VERSION 和下面的选择器；
// 浏览器测试（code/notebook/tests/browser.rs）在每一页调用 missing()，页面上少了
// 哪一样，失败信息就写出这个文件和少了的那一项。
//
// 样式表（book/assets/book.css、code/notebook/assets/notebook.css）也用了 mdBook 的几个
// class、配色名和颜色变量：它们列在 PAGE、CODE、THEMES 和 VARIABLES 里，同样由 missing() 检查。
(function mdbookAdapter() {
    const VERSION = '0.5.4';

    // 每一页都有的元素。
    const PAGE = {
        content: '#mdbook-content',
        main: '#mdbook-content main',
        menuBar: '#mdbook-menu-bar',
        menuButtons: '#mdbook-menu-bar .left-buttons',
        menuButton: '#mdbook-menu-bar .icon-button', // 菜单栏上的图标按钮（本书的搜索按钮也用这个 class）
        helpPopup: '#mdbook-help-popup',
        helpTitle: '#mdbook-help-popup .mdbook-help-title',
        helpBody: '#mdbook-help-popup > div', // 帮助里列快捷键的那一块
        themeList: '#mdbook-theme-list',
        contentClass: '.content', // 样式表用：正文的外框
    };
    // 配色：<html> 上的 class，和配色菜单里按钮的 id（mdbook-theme-名字）。
    const THEMES = ['light', 'rust', 'coal', 'navy', 'ayu'];
    const DARK_THEMES = ['coal', 'navy', 'ayu'];
    // 样式表用到的 mdBook 的 CSS 变量（各配色自己定义它们的值）。
    const VARIABLES = ['--bg', '--fg', '--links', '--icons', '--icons-hover', '--quote-bg', '--quote-border',
        '--sidebar-fg', '--searchbar-border-color', '--table-border-color', '--search-mark-bg',
        '--content-max-width', '--mono-font'];
    // 代码块：```rust 渲染成 <pre class="playground"><code class="language-rust …">，
    // 代码块的标注（no_run、compile_fail、should_panic、editionNNNN）成为 code 的 class，
    // 隐藏的行（# 开头的行）是 <span class="boring">，整块折起时 code 带 hide-boring。
    const CODE = {
        runnableRust: 'pre.playground',
        python: 'pre > code.language-python',
        buttons: '.buttons',
        playButton: '.play-button',
        visiblePlayButton: '.play-button:not(.hidden):not([hidden])',
        hiddenLine: '.boring',
        eyeButton: 'pre > .buttons > button[title="Show hidden lines"]',
    };
    const FOLDED = 'hide-boring';
    // 放进页面里的 SVG 图标（<template id="fa-…">）。
    const ICONS = ['play', 'eye', 'eye-slash', 'clock-rotate-left'];
    // 编辑器：mdBook 带着 Ace（window.ace），把页面上的编辑器放进 window.editors，换配色时
    // 一起换；编辑器的外框要有 editable 和 hljs 两个 class 才是 mdBook 的样式。
    const EDITOR_CLASSES = ['editable', 'hljs'];
    // mdBook 给可编辑代码块装的 Ctrl-Enter 命令叫这个名字（发往 Playground）。
    const EDITOR_RUN_COMMAND = 'run';
    // mdBook 每打开一页都问 Playground 有哪些 crate，问到了才显示 ▶。
    const PLAYGROUND_CRATES = 'https://play.rust-lang.org/meta/crates';
    // 找不到的页面（404.html）上才有的元素。
    const NOT_FOUND = '#document-not-found-404';
    // mdBook 0.5 把每张图放进一个“点一下放大”的 <label>。
    const ZOOM_LABEL = 'main label.checkbox-label';

    const one = selector => document.querySelector(selector);

    function code(pre) {
        return pre.querySelector('code:not(.nb-editor)');
    }

    window.bingfaMdbook = {
        VERSION,

        // 书的根目录（相对于这一页），例如 '../'；mdBook 在每页写下全局变量 path_to_root。
        root: () => (typeof path_to_root === 'string' ? path_to_root : ''),
        main: () => one(PAGE.main) || one('main') || document.body,
        contentId: () => PAGE.content.slice(1),
        menuBar: () => one(PAGE.menuBar),
        menuButtons: () => one(PAGE.menuButtons),
        // 菜单栏上图标按钮的 class（本书的搜索按钮也用它，与 mdBook 的按钮一样大小）。
        menuButtonClass: PAGE.menuButton.split('.').pop(),
        // 用 mdBook 命令行带着它自己的搜索构建时才有。
        hasOwnSearch: () => Boolean(one('#mdbook-search-toggle')),
        helpPopup: () => one(PAGE.helpPopup),
        helpTitle: () => one(PAGE.helpTitle),
        helpBody: () => one(PAGE.helpBody),
        themeButton: theme => document.getElementById('mdbook-theme-' + theme),
        isDark: () => DARK_THEMES.some(t => document.documentElement.classList.contains(t)),
        isNotFoundPage: () => Boolean(one(NOT_FOUND)),
        // 404.html 用 <base href> 指向书的根目录（书在子路径下时也对）。
        notFoundHome: () => one('base')?.href || './',
        // 放大图片用的 <label> 和它里面的那张图：[{ label, img }]。
        zoomLabels: () => Array.from(document.querySelectorAll(ZOOM_LABEL), label => ({
            label,
            img: label.querySelector(':scope > img'),
        })).filter(zoom => zoom.img),
        icon: name => document.getElementById('fa-' + name),

        // 代码块。
        runnableRustBlocks: () => Array.from(document.querySelectorAll(CODE.runnableRust)),
        pythonBlocks: () => Array.from(document.querySelectorAll(CODE.python), c => c.parentElement),
        // 书中的代码（✎ 打开的编辑器之外的那个 code 元素）。
        code,
        // 代码块的标注：'no_run'、'compile_fail'、'should_panic'。
        marked: (pre, attribute) => code(pre).classList.contains(attribute),
        // editionNNNN 这样的 class：mdBook 把代码发到 Playground 时按它选 edition。
        editionClasses: pre => Array.from(code(pre).classList).filter(c => c.startsWith('edition')),
        // 第一行是隐藏的行：读者看不见它，除非展开。
        firstLineHidden(pre) {
            const hidden = code(pre).querySelector(CODE.hiddenLine);
            return Boolean(hidden) && code(pre).textContent.startsWith(hidden.textContent);
        },
        // 隐藏的行此刻是折起来的。
        folded: pre => code(pre).classList.contains(FOLDED),
        toggleFolded: pre => code(pre).classList.toggle(FOLDED),
        // 代码框右上角的按钮行；没有（Python 程序）就建一个，样式与 mdBook 的一样。
        buttons(pre) {
            let buttons = pre.querySelector(CODE.buttons);
            if (!buttons) {
                buttons = document.createElement('div');
                buttons.className = CODE.buttons.slice(1);
                pre.insertBefore(buttons, pre.firstChild);
            }
            return buttons;
        },
        playButton: pre => pre.querySelector(CODE.playButton),
        visiblePlayButton: pre => pre.querySelector(CODE.visiblePlayButton),
        // 本书自己的 ▶ 也带上 mdBook 的 class，样式和位置与原来的一样。
        playButtonClass: CODE.playButton.slice(1),
        // “显示隐藏的行”：mdBook 靠比较英文的 title 来切换它（zh.js 换成自己的按钮）。
        eyeButtons: () => Array.from(document.querySelectorAll(CODE.eyeButton)),

        // 编辑器。
        ace: () => window.ace || null,
        editorClasses: () => EDITOR_CLASSES.slice(),
        editorRunCommand: EDITOR_RUN_COMMAND,
        addEditor(editor) {
            window.editors = window.editors || [];
            window.editors.push(editor);
        },
        removeEditor(editor) {
            window.editors = (window.editors || []).filter(e => e !== editor);
        },

        // head.hbs 拦下发往别的网站的请求时，问这是不是 mdBook 询问 Playground crate 的那一个。
        isPlaygroundCrateQuery: url => url.href === PLAYGROUND_CRATES,

        // 这一页上应有、却找不到的 mdBook 元素和变量（浏览器测试每一页都问）。
        // 空数组表示本书的脚本和样式用到的都在。
        missing() {
            const absent = [];
            const need = (ok, what) => {
                if (!ok) {
                    absent.push(what);
                }
            };
            if (this.isNotFoundPage()) {
                return absent;
            }
            need(typeof path_to_root === 'string', 'window.path_to_root');
            for (const [name, selector] of Object.entries(PAGE)) {
                need(one(selector), `PAGE.${name}（${selector}）`);
            }
            need(THEMES.some(t => document.documentElement.classList.contains(t)),
                `THEMES（<html> 上没有 ${THEMES.join('、')} 中的任何一个 class）`);
            THEMES.forEach(t => need(this.themeButton(t), `THEMES：配色按钮 #mdbook-theme-${t}`));
            const style = getComputedStyle(document.documentElement);
            VARIABLES.forEach(v => need(style.getPropertyValue(v).trim(), `VARIABLES：CSS 变量 ${v}`));
            const rust = this.runnableRustBlocks();
            if (rust.length > 0) {
                need(window.ace, 'window.ace（mdBook 带的 Ace 编辑器）');
                ICONS.forEach(name => need(this.icon(name), `ICONS：#fa-${name}`));
                need(rust.every(pre => code(pre) && code(pre).classList.contains('language-rust')),
                    `CODE.runnableRust（${CODE.runnableRust} > code.language-rust）`);
                need(rust.every(pre => pre.querySelector(CODE.buttons)), `CODE.buttons（${CODE.buttons}）`);
                need(rust.every(pre => pre.querySelector(CODE.playButton)), `CODE.playButton（${CODE.playButton}）`);
            }
            // （✎ 打开着的代码块不算：编辑器里没有折起的行。）
            const folded = rust.filter(pre => !pre.nbEditor && pre.querySelector(CODE.hiddenLine));
            if (folded.length > 0) {
                need(folded.every(pre => this.folded(pre)), `FOLDED（code.${FOLDED}）`);
                need(this.eyeButtons().length > 0 || document.querySelector('.nb-eye-button'),
                    `CODE.eyeButton（${CODE.eyeButton}）`);
            }
            return absent;
        },
    };
})();
