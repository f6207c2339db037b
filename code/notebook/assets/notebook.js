'use strict';

/* global playground_text, ace */

// 书页上的代码单元：✎ 就地编辑（↺ 还原），▶ 运行。
//
// 由 `cargo run` 提供本书时，▶ 把代码交给本机的服务器编译、运行，输出边运行边显示，
// 可以随时停止。其他情况（`mdbook serve`、静态网页）保持 mdBook 原来的 ▶：
// 把代码发到 play.rust-lang.org（需要联网）。页面上第一个代码单元前写明用的是哪一种。
//
// 令牌：终端里打印的地址带着 `?token=…`。第一次打开时把它存进本站的 localStorage，
// 并立刻从地址栏去掉（不进书签、历史记录和 Referer）。localStorage 只有同一来源
// （http://127.0.0.1:端口）的脚本读得到；每次启动服务器都换新令牌，旧的随之作废。
// 不用 Cookie：浏览器会自动给请求带上 Cookie，别的网页就能借读者的浏览器发请求；
// 令牌放在自定义请求头里，只有本站的脚本能带上它。
(function notebook() {
    const TOKEN_KEY = 'bingfa-notebook-token';
    const TOKEN_HEADER = 'X-Notebook-Token';

    function takeToken() {
        const url = new URL(window.location.href);
        const fromUrl = url.searchParams.get('token');
        try {
            if (fromUrl) {
                window.localStorage.setItem(TOKEN_KEY, fromUrl);
                url.searchParams.delete('token');
                window.history.replaceState(window.history.state, '', url.href);
            }
            return window.localStorage.getItem(TOKEN_KEY);
        } catch (error) {
            // 浏览器禁用了本地存储：只能用这一次地址里的令牌。
            return fromUrl;
        }
    }

    const token = takeToken();
    const blocks = Array.from(document.querySelectorAll('pre.playground'));
    if (blocks.length === 0) {
        return;
    }
    blocks.forEach(showRunCommand);
    blocks.forEach(addEditing);

    const fallback = '本页的 ▶ 会把代码发到 Rust Playground（play.rust-lang.org）运行，需要联网。'
        + '本书的代码只用标准库和 tokio、rand、anyhow 等几个常用的包，Playground 上一般都能编译；'
        + '启动子进程、监听端口的例子在那里多半运行不了。用 cargo run 打开本书，▶ 就在你自己的电脑上运行。';
    if (!token || window.location.protocol !== 'http:') {
        announce(fallback, 'playground');
        return;
    }
    fetch('/api/notebook', { headers: { [TOKEN_HEADER]: token }, cache: 'no-store' })
        .then(response => {
            if (response.status === 403) {
                window.localStorage.removeItem(TOKEN_KEY);
                throw new Error('令牌已失效，请用终端里新打印的地址重新打开本书。');
            }
            if (!response.ok) {
                throw new Error('');
            }
            return response.json();
        })
        .then(info => {
            if (info.runner !== 'local') {
                throw new Error('');
            }
            blocks.forEach(pre => runLocally(pre, info));
            announce(`本页的 ▶ 在你自己的电脑上编译、运行代码（由 cargo run 提供，不需要联网）；`
                + `每次最长 ${info.time_limit_secs} 秒，最多同时运行 ${info.max_runs} 个。`
                + `✎ 可以改代码再运行，↺ 还原。`, 'local');
        })
        .catch(error => announce(fallback + (error.message ? ' ' + error.message : ''), 'playground'));

    // 只显示一部分的代码单元，第一行“//! 运行：cargo run --example 名字”是折叠起来的；
    // 把这条命令写在代码框上方，读者不用展开就知道在终端里怎么运行它。
    function showRunCommand(pre) {
        const first = pre.querySelector('code > .boring');
        const match = first && first.textContent.match(/^\/\/! 运行：(cargo run [^\n]*--example \S+)/);
        if (!match) {
            return; // 整个文件都显示出来了，第一行本来就看得见
        }
        const caption = document.createElement('p');
        caption.className = 'nb-command';
        caption.append('在终端里运行：');
        const command = document.createElement('code');
        command.textContent = match[1];
        caption.append(command);
        pre.parentNode.insertBefore(caption, pre);
    }

    function announce(text, mode) {
        const note = document.createElement('p');
        note.className = 'nb-mode nb-mode-' + mode;
        note.textContent = text;
        // 放在第一个代码单元（连同它上方的运行命令）之前。
        const previous = blocks[0].previousElementSibling;
        const first = previous && previous.classList.contains('nb-command') ? previous : blocks[0];
        first.parentNode.insertBefore(note, first);
    }

    function buttonsOf(pre) {
        let buttons = pre.querySelector('.buttons');
        if (!buttons) {
            buttons = document.createElement('div');
            buttons.className = 'buttons';
            pre.insertBefore(buttons, pre.firstChild);
        }
        return buttons;
    }

    // ✎：把代码块变成编辑器（显示全部代码，包括平时隐藏的行）；↺：还原成原来的代码。
    function addEditing(pre) {
        const code = pre.querySelector('code');
        if (!window.ace || code.classList.contains('editable')) {
            return;
        }
        const buttons = buttonsOf(pre);
        const edit = iconButton('nb-edit-button', '编辑这段代码', '✎');
        buttons.insertBefore(edit, buttons.firstChild);
        edit.addEventListener('click', () => {
            const editor = openEditor(pre, code);
            // 平时隐藏的行现在都显示出来了，“显示隐藏行”的按钮不再需要。
            buttons.querySelectorAll('button[title="Show hidden lines"], button[title="Hide lines"]')
                .forEach(button => button.remove());
            const icon = document.getElementById('fa-clock-rotate-left');
            const reset = iconButton('nb-reset-button', '还原成书中的代码', '↺', icon);
            reset.addEventListener('click', () => {
                editor.setValue(editor.originalCode);
                editor.clearSelection();
            });
            edit.replaceWith(reset);
            editor.focus();
        });
    }

    // 一个只有图标的按钮；`icon` 是 mdBook 页面里现成的 SVG 图标（没有就用文字）。
    function iconButton(className, title, text, icon) {
        const button = document.createElement('button');
        button.className = className;
        button.title = title;
        button.setAttribute('aria-label', title);
        if (icon) {
            button.innerHTML = icon.innerHTML;
        } else {
            button.textContent = text;
        }
        return button;
    }

    // 用 mdBook 自带的 Ace 编辑器接管代码块，记下原来的代码供 ↺ 还原。
    function openEditor(pre, code) {
        const original = code.textContent;
        code.textContent = original; // 去掉语法高亮的标记，编辑器只要纯文字
        code.classList.remove('hide-boring');
        code.classList.add('editable');
        const editor = ace.edit(code);
        editor.setOptions({
            highlightActiveLine: false,
            showPrintMargin: false,
            showLineNumbers: false,
            showGutter: false,
            maxLines: Infinity,
            fontSize: '0.875em',
        });
        editor.$blockScrolling = Infinity;
        editor.getSession().setMode('ace/mode/rust');
        const dark = ['coal', 'navy', 'ayu'].some(t => document.documentElement.classList.contains(t));
        editor.setTheme(dark ? 'ace/theme/tomorrow_night' : 'ace/theme/dawn');
        editor.originalCode = original;
        (window.editors = window.editors || []).push(editor);
        if (pre.nbRun) {
            claimCtrlEnter(editor, pre);
        }
        return editor;
    }

    // 把 mdBook 的 ▶ 换成在本机运行的 ▶：点一下开始运行，运行中变成 ■，再点一下停止。
    function runLocally(pre, info) {
        if (pre.querySelector('code').classList.contains('no_run')) {
            return;
        }
        const play = replacePlayButton(pre);
        const area = createOutputArea(pre);
        const cell = { pre, play, area, info, current: null };
        pre.nbRun = () => (cell.current ? stopRun(cell) : startRun(cell));
        play.addEventListener('click', pre.nbRun);
        // 书页上可能已经有编辑器（mdBook 的 editable 代码块）：Ctrl-Enter 也在本机运行。
        if (window.ace && pre.querySelector('code').classList.contains('editable')) {
            claimCtrlEnter(ace.edit(pre.querySelector('code')), pre);
        }
    }

    // 换掉 mdBook 的按钮，也就去掉了它发往 Playground 的点击处理。
    function replacePlayButton(pre) {
        const old = pre.querySelector('.play-button');
        const play = document.createElement('button');
        play.className = 'play-button nb-play-button';
        play.nbIcon = old ? old.innerHTML : '▶';
        if (old) {
            old.replaceWith(play);
        } else {
            buttonsOf(pre).insertBefore(play, buttonsOf(pre).firstChild);
        }
        showIdle(play);
        return play;
    }

    function showIdle(play) {
        play.innerHTML = play.nbIcon;
        play.title = '在本机运行（编辑时也可按 Ctrl-Enter）';
        play.setAttribute('aria-label', play.title);
        play.classList.remove('nb-stop');
    }

    function showStop(play) {
        play.innerHTML = '<span class="nb-stop-icon"></span>';
        play.title = '停止';
        play.setAttribute('aria-label', play.title);
        play.classList.add('nb-stop');
    }

    // 代码下面的输出区：“这次运行”的小标题（与下面“书中记录的输出”相对，见 book.css）、
    // 状态、可折叠的编译输出、程序的输出（stdout 与 stderr 按打印的先后）和资源条。
    function createOutputArea(pre) {
        const element = (tag, className, text) => {
            const node = document.createElement(tag);
            node.className = className || '';
            if (text) {
                node.textContent = text;
            }
            return node;
        };
        const area = {
            root: element('div', 'nb-output'),
            status: element('div', 'nb-status'),
            build: element('details', 'nb-build'),
            buildLog: element('pre'),
            log: element('pre', 'nb-log'),
            usage: element('div', 'nb-usage'),
        };
        area.build.append(element('summary', '', '编译输出'), area.buildLog);
        area.root.append(element('div', 'nb-caption', '这次运行'), area.status, area.build,
            area.log, area.usage);
        pre.after(area.root);
        resetOutputArea(area);
        area.root.hidden = true;
        return area;
    }

    function resetOutputArea(area) {
        area.root.hidden = false;
        area.log.textContent = '';
        area.buildLog.textContent = '';
        area.build.hidden = true;
        area.usage.hidden = true;
    }

    function showStatus(area, text, kind) {
        area.status.textContent = text;
        area.status.className = 'nb-status' + (kind ? ' nb-status-' + kind : '');
    }

    function appendOutput(area, stream, text) {
        if (stream === 'build') {
            area.build.hidden = false;
            area.buildLog.append(text);
        } else {
            area.log.append(text);
        }
    }

    // 服务器送来的一个事件（见 code/notebook/src/server/events.rs）。
    function handleEvent(cell, run, event) {
        const { area, info, pre } = cell;
        switch (event.event) {
        case 'accepted':
            run.id = event.id;
            break;
        case 'queued':
            showStatus(area, `排队中……（最多同时运行 ${info.max_runs} 个，前面的运行结束后开始）`, 'waiting');
            break;
        case 'building':
            showStatus(area, '编译中……', 'waiting');
            break;
        case 'running':
            area.build.open = false;
            showStatus(area, `运行中……（编译用了 ${(event.build_ms / 1000).toFixed(1)} 秒）`, 'running');
            break;
        case 'tick':
            showStatus(area, `运行中…… ${Math.round(event.elapsed_ms / 1000)} 秒`, 'running');
            break;
        case 'output':
            appendOutput(area, event.stream, event.text);
            break;
        case 'sample':
            pre.nbSamples.push(event);
            drawUsage(area.usage, pre.nbSamples);
            break;
        case 'finished':
            run.finished = true;
            area.build.open = event.outcome === 'build_failed';
            showStatus(area, event.message,
                event.outcome === 'exited' && event.code === 0 ? 'ok' : 'failed');
            break;
        default:
            break;
        }
    }

    // 把代码交给服务器，边收事件边显示，直到运行结束或连接断开。
    async function startRun(cell) {
        const run = { id: null, controller: new AbortController(), finished: false };
        cell.current = run;
        cell.pre.nbSamples = [];
        showStop(cell.play);
        resetOutputArea(cell.area);
        showStatus(cell.area, '已提交……', 'waiting');
        try {
            const response = await fetch('/api/run', {
                method: 'POST',
                headers: { 'Content-Type': 'application/json', [TOKEN_HEADER]: token },
                body: JSON.stringify({ code: playground_text(cell.pre) }),
                signal: run.controller.signal,
                cache: 'no-store',
            });
            if (!response.ok) {
                showStatus(cell.area, await response.text(), 'failed');
                return;
            }
            await readEvents(response, event => handleEvent(cell, run, event));
            if (!run.finished) {
                showStatus(cell.area, '与本机服务器的连接中断了（服务器退出了？）', 'failed');
            }
        } catch (error) {
            showStatus(cell.area, error.name === 'AbortError'
                ? '已停止' : '与本机服务器的连接出错：' + error.message, 'failed');
        } finally {
            if (cell.current === run) {
                cell.current = null;
                showIdle(cell.play);
            }
        }
    }

    // 响应体是一行一个 JSON 对象，边到边处理。
    async function readEvents(response, onEvent) {
        const reader = response.body.getReader();
        const decoder = new TextDecoder();
        let pending = '';
        for (;;) {
            const { value, done } = await reader.read();
            if (done) {
                return;
            }
            pending += decoder.decode(value, { stream: true });
            let newline;
            while ((newline = pending.indexOf('\n')) >= 0) {
                const line = pending.slice(0, newline);
                pending = pending.slice(newline + 1);
                if (line) {
                    onEvent(JSON.parse(line));
                }
            }
        }
    }

    function stopRun(cell) {
        const run = cell.current;
        if (run.id === null) {
            run.controller.abort(); // 还没开始：断开连接，服务器就不会运行它
            return;
        }
        showStatus(cell.area, '正在停止……', 'waiting');
        fetch('/api/stop', {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', [TOKEN_HEADER]: token },
            body: JSON.stringify({ id: run.id }),
        }).then(response => {
            if (!response.ok && response.status !== 404) {
                run.controller.abort();
            }
        }).catch(() => run.controller.abort());
    }

    // 运行时的资源：服务器每 0.1 秒对程序的整个进程组采样一次（只在 Linux 上有）。
    // 一行峰值，外加线程、CPU、内存随时间变化的小图（内联 SVG，线条用文字的颜色，
    // 浅色、深色主题下都看得清）。
    function drawUsage(container, samples) {
        const peak = key => Math.max(...samples.map(s => s[key]));
        const mb = bytes => {
            const value = bytes / 1e6;
            return value < 10 ? value.toFixed(1) : Math.round(value).toString();
        };
        const peaks = {
            threads: peak('threads'),
            processes: peak('processes'),
            cpu_percent: peak('cpu_percent'),
            rss_bytes: peak('rss_bytes'),
        };
        container.dataset.peaks = JSON.stringify(peaks);
        const summary = document.createElement('span');
        summary.className = 'nb-usage-peaks';
        summary.textContent = `线程 峰值 ${peaks.threads} · 进程 ${peaks.processes}`
            + ` · CPU 峰值 ${peaks.cpu_percent}% · 内存 峰值 ${mb(peaks.rss_bytes)} MB`;
        const charts = [
            ['线程', 'threads', v => `${v} 个`],
            ['CPU', 'cpu_percent', v => `${v}%`],
            ['内存', 'rss_bytes', v => `${mb(v)} MB`],
        ].map(([label, key, format]) => sparkline(label, samples, key, format(peaks[key])));
        container.replaceChildren(summary, ...charts);
        container.hidden = false;
    }

    function sparkline(label, samples, key, peakText) {
        const svgNs = 'http://www.w3.org/2000/svg';
        const end = Math.max(samples[samples.length - 1].elapsed_ms, 1);
        const top = Math.max(...samples.map(s => s[key]), 1);
        const points = samples.map(s => `${(100 * s.elapsed_ms / end).toFixed(1)},`
            + `${(19 - 18 * s[key] / top).toFixed(1)}`);
        if (points.length === 1) {
            points.push(points[0].replace(/^[^,]*/, '100')); // 只有一个采样：画一条横线
        }
        const svg = document.createElementNS(svgNs, 'svg');
        svg.setAttribute('viewBox', '0 0 100 20');
        svg.setAttribute('preserveAspectRatio', 'none');
        svg.setAttribute('role', 'img');
        svg.setAttribute('aria-label', `${label}随时间的变化，峰值 ${peakText}`);
        const line = document.createElementNS(svgNs, 'polyline');
        line.setAttribute('points', points.join(' '));
        svg.append(line);
        const figure = document.createElement('span');
        figure.className = 'nb-spark';
        figure.title = `${label}：峰值 ${peakText}`;
        figure.append(label, svg);
        return figure;
    }

    // 编辑器里按 Ctrl-Enter 在本机运行。mdBook 联网拿到 Playground 的信息后，
    // 会给编辑器装上自己的 Ctrl-Enter（名为 run，发往 Playground）：不让它装。
    function claimCtrlEnter(editor, pre) {
        const commands = editor.commands;
        commands.addCommand({
            name: 'nb-run',
            bindKey: { win: 'Ctrl-Enter', mac: 'Ctrl-Enter' },
            exec: () => pre.nbRun(),
        });
        const add = commands.addCommand.bind(commands);
        commands.addCommand = command => (command.name === 'run' ? undefined : add(command));
    }
})();
