'use strict';

// 代码单元的 ✎ 与 ↺：就地编辑，改动留在浏览器里。
//
// - ✎ 在代码块里放一个编辑器（mdBook 自带的 Ace），显示全部代码，包括平时隐藏的行；
//   书中原来的代码块只是藏起来，不动它。
// - 改过的代码每次改动后存进本站的 localStorage（按页面和代码单元），重新载入、服务器重启后
//   仍在，代码块上方写明“你改过这段代码”；翻页、关掉页面都不会丢。
// - ↺ 拆掉编辑器、删掉存着的改动，代码块回到书中的样子：折起的行、按钮、上方的运行命令，
//   都和没改过时一样。notebook.js 收到 nb-restored 事件，收起改过的代码的运行输出。
// - 编辑器里按 Ctrl-Enter 等于按 ▶（本机运行或 Playground，看 ▶ 此刻是哪一种）。
// - 键盘：编辑器里 Tab 是缩进，所以按 Esc 离开编辑器，焦点落在编辑器的外框上，再按 Tab
//   就移到下一处；在外框上按 Enter 回去接着编辑（按 ? 弹出的帮助里写着，见 zh.js）。
//   ↺ 之后焦点留在这个代码单元的 ✎ 上，不会掉回页面开头。
//
// notebook.js 用 window.bingfaEditing.text(pre) 取代码单元此刻的代码。
// mdBook 页面的结构只通过 mdbook-adapter.js（window.bingfaMdbook）来用。
(function notebookEditing() {
    const PREFIX = 'bingfa-edit:';
    const mdbook = window.bingfaMdbook;
    const bookCode = mdbook.code;
    let unsaved = false; // 存不进 localStorage（浏览器禁用了它）时，离开页面前提醒

    window.bingfaEditing = { text, original, isEdited, setup };

    function original(pre) {
        return bookCode(pre).textContent;
    }

    function text(pre) {
        return pre.nbEditor ? pre.nbEditor.getValue() : original(pre);
    }

    function isEdited(pre) {
        return Boolean(pre.nbEditor) && pre.nbEditor.getValue() !== original(pre);
    }

    // 改动按页面和代码单元的名字保存（名字由 notebook.js 查 cells.js 得来）。
    function storageKey(name) {
        return `${PREFIX}${window.location.pathname}:${name}`;
    }

    // 书中的 Python 程序（notebook.js 给它的代码框加上 nb-python）：编辑器按 Python 缩进，不高亮
    // （mdBook 只带了 Rust 的语法文件）。
    function isPython(pre) {
        return pre.classList.contains('nb-python');
    }

    function load(key) {
        try {
            return window.localStorage.getItem(key);
        } catch {
            return null;
        }
    }

    function store(key, code) {
        try {
            if (code === null) {
                window.localStorage.removeItem(key);
            } else {
                window.localStorage.setItem(key, code);
            }
        } catch {
            unsaved = code !== null;
        }
    }

    window.addEventListener('beforeunload', event => {
        if (unsaved) {
            event.preventDefault();
        }
    });

    function setup(pre, name) {
        if (!mdbook.ace()) {
            return;
        }
        const key = storageKey(name);
        const buttons = mdbook.buttons(pre);
        const edit = iconButton('nb-edit-button', '编辑这段代码（改动保存在这个浏览器里）', '✎');
        buttons.insertBefore(edit, buttons.firstChild);
        edit.addEventListener('click', () => open(pre, key, original(pre)).focus());
        const saved = load(key);
        if (saved !== null && saved !== original(pre)) {
            open(pre, key, saved);
        }
    }

    // 一个只有图标的按钮；`icon` 是 mdBook 页面里现成的 SVG 图标（没有就用文字）。
    function iconButton(className, title, textIcon, icon) {
        const button = document.createElement('button');
        button.className = className;
        button.title = title;
        button.setAttribute('aria-label', title);
        if (icon) {
            button.innerHTML = icon.innerHTML;
        } else {
            button.textContent = textIcon;
        }
        return button;
    }

    // 在书中的代码块前面放一个编辑器，书中的代码块藏起来（notebook.css 让 hidden 真的不显示：
    // mdBook 给代码块的 display: block 会盖过 hidden）。
    function open(pre, key, code) {
        const book = bookCode(pre);
        const host = document.createElement('code');
        // edition2024 这样的 class 也带上：没有本机服务器时，mdBook 把编辑器里的代码发到
        // Playground，按第一个 code 的 class 决定用哪个 edition（缺了就是 2015）。
        const language = isPython(pre) ? 'language-python' : 'language-rust';
        host.className = ['nb-editor', language, ...mdbook.editorClasses(), ...mdbook.editionClasses(pre)]
            .join(' ');
        host.textContent = code;
        book.before(host);
        book.hidden = true;
        const editor = mdbook.ace().edit(host);
        editor.setOptions({
            highlightActiveLine: false,
            showPrintMargin: false,
            showLineNumbers: false,
            showGutter: false,
            maxLines: Infinity,
            fontSize: '0.875em',
            fontFamily: getComputedStyle(book).fontFamily,
        });
        editor.$blockScrolling = Infinity;
        // 与只读的代码框一样，四周留 1rem（10px）：改之前和改之后，每个字都在原来的位置。
        editor.renderer.setPadding(10);
        editor.renderer.setScrollMargin(10, 10);
        editor.getSession().setMode(isPython(pre) ? 'ace/mode/text' : 'ace/mode/rust');
        editor.setTheme(mdbook.isDark() ? 'ace/theme/tomorrow_night' : 'ace/theme/dawn');
        editor.originalCode = original(pre);
        mdbook.addEditor(editor);
        claimCtrlEnter(editor, pre);
        keyboardExit(editor);
        pre.nbEditor = editor;
        pre.classList.add('nb-editing');

        const buttons = mdbook.buttons(pre);
        buttons.querySelectorAll('.nb-eye-button').forEach(button => { button.hidden = true; });
        const icon = mdbook.icon('clock-rotate-left');
        const reset = iconButton('nb-reset-button', '还原成书中的代码', '↺', icon);
        reset.addEventListener('click', () => close(pre, key));
        buttons.querySelector('.nb-edit-button').replaceWith(reset);

        let timer = null;
        const save = () => {
            clearTimeout(timer);
            store(key, isEdited(pre) ? editor.getValue() : null);
        };
        editor.on('change', () => {
            markEdited(pre);
            clearTimeout(timer);
            timer = setTimeout(save, 300);
        });
        // 翻页、关掉页面、切到别的标签页时，没来得及存的改动马上存。
        pre.nbSave = save;
        markEdited(pre);
        return editor;
    }

    for (const event of ['pagehide', 'visibilitychange']) {
        window.addEventListener(event, () => {
            document.querySelectorAll('pre.nb-editing').forEach(pre => pre.nbSave());
        });
    }

    // 改过的代码单元：上方写明改过了，书中的运行命令先收起来（它运行的是书中的版本）。
    function markEdited(pre) {
        const edited = isEdited(pre);
        pre.classList.toggle('nb-edited', edited);
        const command = pre.previousElementSibling?.classList.contains('nb-command')
            ? pre.previousElementSibling : null;
        let note = pre.nbEditedNote;
        if (edited && !note) {
            note = document.createElement('p');
            note.className = 'nb-edited-note';
            note.textContent = '✎ 你改过这段代码，改动保存在这个浏览器里；↺ 还原成书中的代码。';
            pre.before(note);
            pre.nbEditedNote = note;
        } else if (!edited && note) {
            note.remove();
            pre.nbEditedNote = null;
        }
        if (command) {
            command.hidden = edited;
        }
        if (note && command) {
            command.before(note);
        }
    }

    // ↺：回到书中的样子。
    function close(pre, key) {
        const editor = pre.nbEditor;
        editor.destroy();
        editor.container.remove();
        mdbook.removeEditor(editor);
        pre.nbEditor = null;
        store(key, null);
        const book = bookCode(pre);
        book.hidden = false;
        pre.classList.remove('nb-editing', 'nb-edited');
        const buttons = mdbook.buttons(pre);
        const eye = buttons.querySelector('.nb-eye-button');
        if (eye) {
            eye.hidden = false;
            if (!mdbook.folded(pre)) {
                eye.click(); // 折起平时隐藏的行
            }
        }
        const edit = iconButton('nb-edit-button', '编辑这段代码（改动保存在这个浏览器里）', '✎');
        edit.addEventListener('click', () => open(pre, key, original(pre)).focus());
        buttons.querySelector('.nb-reset-button').replaceWith(edit);
        // ↺ 本身被换掉了：焦点交给取代它的 ✎，键盘用户还在这个代码单元上。
        edit.focus();
        markEdited(pre);
        pre.dispatchEvent(new CustomEvent('nb-restored'));
    }

    // 键盘离开编辑器：Esc 把焦点交给编辑器的外框（它在 Tab 的顺序里，编辑器里的输入框不在），
    // 外框上按 Tab 照常移到下一处，按 Enter 回到编辑器。鼠标点进编辑器照旧。
    function keyboardExit(editor) {
        const frame = editor.container;
        const input = editor.textInput.getElement();
        input.tabIndex = -1;
        input.setAttribute('aria-label', '编辑代码（按 Esc 离开编辑器）');
        frame.tabIndex = 0;
        frame.setAttribute('role', 'group');
        frame.setAttribute('aria-label', '代码编辑器：按 Enter 开始编辑，编辑时按 Esc 离开');
        editor.commands.addCommand({
            name: 'nb-leave',
            bindKey: { win: 'Esc', mac: 'Esc' },
            exec: () => frame.focus(),
        });
        frame.addEventListener('keydown', event => {
            if (event.target === frame && event.key === 'Enter') {
                event.preventDefault();
                editor.focus();
            }
        });
    }

    // 编辑器里按 Ctrl-Enter 等于按 ▶。mdBook 联网拿到 Playground 的信息后，会给可编辑的
    // 代码块装上自己的 Ctrl-Enter（名为 run，发往 Playground）：不让它装。
    function claimCtrlEnter(editor, pre) {
        const commands = editor.commands;
        commands.addCommand({
            name: 'nb-run',
            bindKey: { win: 'Ctrl-Enter', mac: 'Ctrl-Enter' },
            exec: () => mdbook.visiblePlayButton(pre)?.click(),
        });
        const add = commands.addCommand.bind(commands);
        commands.addCommand = command => (command.name === mdbook.editorRunCommand ? undefined : add(command));
    }
})();
