'use strict';

// mdBook 自带的界面是英文的：按钮的提示、主题的名字、按 ? 弹出的快捷键帮助、复制后的
// “Copied!”。这里把它们换成中文，帮助里再加上本书自己的搜索键 S 和 /（book/assets/search.js）。
// 另外，手机上的图表太小：每张图都包进一个链接，点一下在新页面里看原图，窄屏上还能横着滚动。
(function interfaceInChinese() {
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
        const button = document.getElementById('mdbook-theme-' + id);
        if (button) {
            button.textContent = name;
        }
    });

    // 按 ? 弹出的帮助。
    const help = document.getElementById('mdbook-help-popup');
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
        help.querySelector('.mdbook-help-title').textContent = '键盘快捷键';
        const lines = [
            line('按 ', 'key:←', ' 或 ', 'key:→', ' 翻到上一页、下一页'),
            line('按 ', 'key:?', ' 显示这份帮助'),
            line('按 ', 'key:Esc', ' 关掉它'),
            line('编辑代码时按 ', 'key:Ctrl-Enter', ' 运行'),
        ];
        // 本书的中文搜索（book/assets/search.js）；mdBook 自带的搜索也认这两个键。
        if (document.getElementById('bingfa-search-toggle')
            || document.getElementById('mdbook-search-toggle')) {
            lines.splice(1, 0, line('按 ', 'key:S', ' 或 ', 'key:/', ' 搜索'));
        }
        help.querySelector('div').replaceChildren(...lines);
    }

    // “显示隐藏的行”：mdBook 的按钮靠比较英文的 title 来切换，所以换成同样功能的新按钮。
    document.querySelectorAll('pre > .buttons > button[title="Show hidden lines"]').forEach(old => {
        const pre = old.closest('pre');
        const code = pre.querySelector('code');
        const button = old.cloneNode(true);
        button.classList.add('nb-eye-button');
        const show = hidden => {
            const icon = document.getElementById(hidden ? 'fa-eye' : 'fa-eye-slash');
            if (icon) {
                button.innerHTML = icon.innerHTML;
            }
            button.title = hidden ? '显示隐藏的行' : '收起平时隐藏的行';
            button.setAttribute('aria-label', button.title);
        };
        button.addEventListener('click', () => show(code.classList.toggle('hide-boring')));
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
    }).observe(document.querySelector('main') || document.body, {
        subtree: true,
        childList: true,
        characterData: true,
        attributes: true,
        attributeFilter: ['title'],
    });

    // 图表与示意图：点一下在新页面里看原图（SVG 可以随意放大）；窄屏上按可读的宽度横向滚动。
    document.querySelectorAll('main img').forEach(img => {
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
    });
})();
