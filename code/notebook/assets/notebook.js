'use strict';

// 书页上的代码单元：▶ 运行，「检查」测试练习的答案（✎ 与 ↺ 见 notebook-edit.js）。
//
// 由 `cargo run` 提供本书时，▶ 把代码交给本机的服务器编译、运行，输出边运行边显示，
// 可以随时停止；练习的起始代码多一个「检查」，用这道练习的检查测试页面上的代码。
// 书中的 Python 程序（code/python/ 里的程序）也有 ▶、✎、↺，
// 由本机的 python3 运行；Playground 只能运行 Rust，所以其他情况下它们没有 ▶。
// 每次运行的下面是资源条和每个线程的泳道（服务器在 Linux 上采样，见 drawLanes）。
// 其他情况（`mdbook serve`、静态网页）保持 mdBook 原来的 ▶：把代码发到 play.rust-lang.org
// （需要联网）。本机运行时，页面不向别的网站发任何请求（见 code/notebook/theme/head.hbs）。
//
// 页面上的代码块是哪个代码单元，只查 cells.js 里的表（由 notebook::cells 生成，键是代码的
// 第一行）；mdBook 页面的结构只通过 mdbook-adapter.js（window.bingfaMdbook）来用。
//
// 令牌：终端里打印的地址带着 `?token=…`。第一次打开时把它存进本站的 localStorage，
// 并立刻从地址栏去掉（不进书签、历史记录和 Referer）。localStorage 只有同一来源
// （http://127.0.0.1:端口）的脚本读得到；每次启动服务器都换新令牌，旧的随之作废：
// 这时页面顶上一条横幅请读者用终端里新打印的地址重新打开。
// 不用 Cookie：浏览器会自动给请求带上 Cookie，别的网页就能借读者的浏览器发请求；
// 令牌放在自定义请求头里，只有本站的脚本能带上它。
(function notebook() {
    const TOKEN_KEY = 'bingfa-notebook-token';
    const TOKEN_HEADER = 'X-Notebook-Token';
    // “检查”按钮的提示。
    const CHECK_TITLE = '用这道练习自带的测试检查你的代码（和 cargo test 运行的是同一组测试）';
    const mdbook = window.bingfaMdbook;
    const network = window.bingfaNetwork || { setMode() {} };
    const editing = window.bingfaEditing || { text: pre => mdbook.code(pre).textContent };

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
        } catch {
            // 浏览器禁用了本地存储：只能用这一次地址里的令牌。
            return fromUrl;
        }
    }

    const token = takeToken();
    const blocks = mdbook.runnableRustBlocks();
    // 书中的 Python 程序：代码框加上 nb-python（notebook.css 让它的按钮和 Rust 的一样一直看得见）。
    const pythons = mdbook.pythonBlocks().filter(pre => cellOf(pre)?.language === 'python');
    pythons.forEach(pre => pre.classList.add('nb-python'));
    // 本页所有能运行的代码框，按页面上的先后。
    const cells = blocks.concat(pythons).sort((a, b) => (a.compareDocumentPosition(b)
        & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
    blocks.forEach(showRunCommand);
    // ✎ 的改动按代码单元的名字保存；不是代码单元的代码块按它在本页 Rust 代码块里的序号。
    blocks.forEach((pre, index) => editing.setup?.(pre, cellOf(pre)?.name || 'cell-' + index));
    pythons.forEach(pre => editing.setup?.(pre, cellOf(pre).name));
    findMode().then(({ mode, info }) => {
        network.setMode(mode);
        if (mode === 'local') {
            cells.forEach(pre => runLocally(pre, info));
            if (cells.length > 0) {
                const python = pythons.length > 0 ? 'Python 程序用这台电脑上的 python3 运行。' : '';
                announce(`本页的 ▶ 在你自己的电脑上编译、运行代码（在 cargo run 启动的本地服务上运行，不需要联网）；`
                    + `每次最长 ${info.time_limit_secs} 秒，最多同时运行 ${info.max_runs} 个。${python}`
                    + `✎ 可以改代码再运行，改动保存在这个浏览器里，↺ 还原。`, 'local');
            }
        } else if (mode === 'disconnected') {
            showDisconnected();
        } else if (pythons.length > 0) {
            // Playground 只能运行 Rust：Python 程序没有 ▶，在第一个 Python 程序上方说一句。
            const note = document.createElement('p');
            note.className = 'nb-mode nb-mode-python';
            note.textContent = '本页的 Python 程序没有 ▶：Rust Playground 只能运行 Rust。'
                + '在仓库根目录运行 cargo run 打开本书，▶ 就用你电脑上的 python3 运行它们。';
            pythons[0].before(note);
        }
        if (mode === 'playground' && blocks.length > 0) {
            // Playground 真的能用（mdBook 问到了它有哪些 crate，▶ 才显示出来）时说明 ▶ 做什么；
            // 问不到（离线、从磁盘直接打开）时说明 ▶ 为什么没有（head.hbs 发出这两个事件）。
            const once = { once: true };
            window.addEventListener('bingfa-playground-ready', () => announce(
                '本页的 ▶ 会把代码发到 Rust Playground（play.rust-lang.org）运行，需要联网。'
                + '本书的代码只用标准库和 tokio、rand、anyhow 等几个常用的库，Playground 上一般都能编译；'
                + '启动子进程、监听端口的例子在那里多半运行不了。用 cargo run 打开本书，▶ 就在你自己的电脑上运行。',
                'playground'), once);
            window.addEventListener('bingfa-playground-unreachable', () => announce(
                '代码框上没有 ▶：这个页面不是由 cargo run 提供的，它只能把代码发到 Rust Playground'
                + '（play.rust-lang.org）运行，而现在连不上那里（没有联网？）。✎ 改的代码照样保存在这个浏览器里。'
                + '在仓库根目录运行 cargo run 打开本书，▶ 就在你自己的电脑上运行，不需要联网。',
                'offline'), once);
        }
    });

    // 代码块是哪个代码单元：{ name, command, language, check }（见 cells.js），不是就为 undefined。
    function cellOf(pre) {
        const first = (mdbook.code(pre)?.textContent || '').split('\n', 1)[0];
        return window.bingfaCells?.[first];
    }

    // ▶ 用哪一种：'local'（本机服务器，令牌对）、'disconnected'（本机服务器，令牌没有或作废了）
    // 或 'playground'（不是由 cargo run 提供的）。
    //
    // 问的是书里的 api/status（相对于书的根目录，不是网站的根目录）：本机服务器回答它；
    // 书放在别的网站上（哪怕在 /rust-book/ 这样的子路径下）时，回答的是构建时写出的
    // 同名静态文件 {"runner": "static"}（notebook::build_book），不会得到 404。
    async function findMode() {
        if (window.location.protocol !== 'http:') {
            return { mode: 'playground' };
        }
        try {
            const headers = token ? { [TOKEN_HEADER]: token } : {};
            const status_url = mdbook.root() + 'api/status';
            const response = await fetch(status_url, { headers, cache: 'no-store' });
            const status = response.ok ? await response.json() : null;
            if (!status || status.runner !== 'local') {
                return { mode: 'playground' };
            }
            if (status.token !== 'ok') {
                try {
                    window.localStorage.removeItem(TOKEN_KEY);
                } catch {
                    // 本来就存不进去
                }
                return { mode: 'disconnected' };
            }
            return { mode: 'local', info: status };
        } catch {
            return { mode: 'playground' };
        }
    }

    // 本机服务器在，令牌却没有或作废了（服务器重启过）：页面顶上一条横幅，▶ 点了也只是指向它。
    function showDisconnected() {
        const banner = document.createElement('div');
        banner.className = 'nb-banner';
        banner.setAttribute('role', 'alert');
        banner.textContent = '本机运行已断开：请用终端里新打印的地址重新打开本书';
        mdbook.main().prepend(banner);
        cells.forEach(pre => {
            if (mdbook.marked(pre, 'no_run')) {
                return;
            }
            const play = replacePlayButton(pre);
            play.title = '本机运行已断开：请用终端里新打印的地址重新打开本书';
            play.setAttribute('aria-label', play.title);
            play.classList.add('nb-disconnected');
            play.addEventListener('click', () => {
                banner.scrollIntoView({ block: 'center' });
                banner.classList.remove('nb-flash');
                void banner.offsetWidth; // 重新触发动画
                banner.classList.add('nb-flash');
            });
        });
    }

    // 只显示一部分的代码单元，第一行“//! 运行：cargo run --example 名字”是折叠起来的；
    // 把这条命令写在代码框上方，读者不用展开就知道在终端里怎么运行它。
    function showRunCommand(pre) {
        const cell = cellOf(pre);
        if (!cell || cell.check || !mdbook.firstLineHidden(pre)) {
            return; // 整个文件都显示出来了，第一行本来就看得见；起始代码的第一行是 cargo test
        }
        const caption = document.createElement('p');
        caption.className = 'nb-command';
        caption.append('在终端里运行：');
        const command = document.createElement('code');
        command.textContent = cell.command;
        caption.append(command);
        pre.parentNode.insertBefore(caption, pre);
    }

    function announce(text, mode) {
        const note = document.createElement('p');
        note.className = 'nb-mode nb-mode-' + mode;
        note.textContent = text;
        // 放在第一个代码单元（连同它上方的运行命令、“改过”的说明）之前。
        let first = cells[0];
        while (first.previousElementSibling?.matches('.nb-command, .nb-edited-note, .nb-mode-python')) {
            first = first.previousElementSibling;
        }
        first.before(note);
    }

    // 把 mdBook 的 ▶ 换成在本机运行的 ▶：点一下开始运行，运行中变成 ■，再点一下停止。
    // 练习的起始代码（末尾引入了 `chNN_eM_主题_check.rs`）另有「检查」。
    function runLocally(pre, info) {
        if (mdbook.marked(pre, 'no_run')) {
            return;
        }
        const play = replacePlayButton(pre);
        const area = createOutputArea(pre);
        const known = cellOf(pre);
        const python = known?.language === 'python' ? known.name : null;
        const cell = { pre, play, area, info, current: null, check: null, python };
        const exercise = known?.check;
        if (exercise) {
            cell.check = document.createElement('button');
            cell.check.className = 'nb-check-button';
            cell.check.textContent = '检查';
            cell.check.title = CHECK_TITLE;
            cell.check.setAttribute('aria-label', cell.check.title);
            play.before(cell.check);
            cell.check.addEventListener('click', () => (cell.current
                ? stopRun(cell) : startRun(cell, exercise)));
        }
        pre.nbRun = () => (cell.current ? stopRun(cell) : startRun(cell, null));
        play.addEventListener('click', pre.nbRun);
        // ↺ 还原了代码：改过的代码的输出不再对应页面上的代码，收起来（还在运行就停下）。
        pre.addEventListener('nb-restored', () => {
            if (cell.current) {
                stopRun(cell);
            }
            area.root.hidden = true;
        });
    }

    // 换掉 mdBook 的按钮，也就去掉了它发往 Playground 的点击处理。
    function replacePlayButton(pre) {
        const old = mdbook.playButton(pre);
        const play = document.createElement('button');
        play.className = `${mdbook.playButtonClass} nb-play-button`;
        play.nbIcon = mdbook.icon('play')?.innerHTML || '▶';
        if (old) {
            old.replaceWith(play);
        } else {
            mdbook.buttons(pre).append(play); // Python 程序：mdBook 没给它 ▶，放在最右，与 Rust 的一致
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

    // ■ 是一个 SVG 方块（fill 用文字颜色）：mdBook 悬停时给按钮里的元素换背景色，
    // 不会把它盖掉。
    function showStop(play) {
        play.innerHTML = '<svg class="nb-stop-icon" viewBox="0 0 10 10" aria-hidden="true">'
            + '<rect width="10" height="10" rx="1"/></svg>';
        play.title = '停止';
        play.setAttribute('aria-label', play.title);
        play.classList.add('nb-stop');
    }

    // 代码下面的输出区：“这次运行”的小标题（与下面“书中记录的输出”相对，见 book.css）、
    // 状态、「检查」的逐项结果、可折叠的编译输出、程序的输出（stderr 另一种颜色）、
    // 资源条和每个线程的泳道。
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
            caption: element('div', 'nb-caption', '这次运行的输出'),
            status: element('div', 'nb-status'),
            tests: element('ul', 'nb-tests'),
            build: element('details', 'nb-build'),
            buildLog: element('pre'),
            log: element('pre', 'nb-log'),
            // 「检查」时逐项结果已经列出来了，libtest 的完整输出折起来。
            logDetails: element('details', 'nb-log-details'),
            // stdout 与 stderr 都有输出时，说明两者的先后可能和终端里不同。
            streams: element('p', 'nb-streams-note', 'stdout 和 stderr 走两根管道，这里按到达的先后显示，'
                + '两者交错的先后可能和终端里不同；书中记录的输出把两者合在一根管道里，先后与终端一致。'),
            usage: element('div', 'nb-usage'),
            strip: element('div', 'nb-usage-strip'),
            lanes: element('div', 'nb-lanes'),
        };
        area.usage.append(area.strip, area.lanes);
        // 读屏软件：状态（排队、编译、运行、结束的一句话）、程序的输出和「检查」的逐项结果
        // 都是实时区域，变了就读出来，不必把焦点移过去。
        area.status.setAttribute('role', 'status');
        area.log.setAttribute('role', 'log');
        area.log.setAttribute('aria-label', '程序的输出');
        area.tests.setAttribute('aria-live', 'polite');
        area.tests.setAttribute('aria-label', '检查的逐项结果');
        area.build.append(element('summary', '', '编译输出'), area.buildLog);
        area.logDetails.append(element('summary', '', '测试的完整输出'));
        area.root.append(area.caption, area.status, area.tests, area.build, area.log,
            area.logDetails, area.streams, area.usage);
        pre.after(area.root);
        area.root.hidden = true;
        return area;
    }

    function resetOutputArea(area, checking) {
        area.root.hidden = false;
        area.caption.textContent = checking ? '这次检查的结果' : '这次运行的输出';
        area.log.textContent = '';
        area.buildLog.textContent = '';
        area.tests.replaceChildren();
        area.tests.hidden = true;
        if (checking) {
            area.logDetails.append(area.log);
        } else {
            area.logDetails.before(area.log);
        }
        area.logDetails.hidden = !checking;
        area.logDetails.open = false;
        area.build.hidden = true;
        area.streams.hidden = true;
        area.usage.hidden = true;
        area.strip.replaceChildren();
        area.lanes.replaceChildren();
        area.lanes.hidden = true;
        area.seen = new Set();
    }

    function showStatus(area, text, kind) {
        area.status.textContent = text;
        area.status.className = 'nb-status' + (kind ? ' nb-status-' + kind : '');
    }

    function appendOutput(area, stream, text) {
        area.seen?.add(stream);
        if (stream === 'build') {
            area.build.hidden = false;
            area.buildLog.append(text);
        } else if (stream === 'stderr') {
            const span = document.createElement('span');
            span.className = 'nb-stderr';
            span.textContent = text;
            area.log.append(span);
        } else {
            area.log.append(text);
        }
    }

    // 「检查」的一项测试：通过 ✓、没通过 ✗，没通过的带上检查打印的提示。同名的后来者替换先来的。
    function showTest(area, { name, passed, hint }) {
        const item = document.createElement('li');
        item.className = passed ? 'nb-test-passed' : 'nb-test-failed';
        item.dataset.name = name;
        const label = document.createElement('span');
        label.className = 'nb-test-name';
        label.textContent = name.replace(/^check::/, '');
        item.append(label);
        if (hint) {
            const text = document.createElement('div');
            text.className = 'nb-test-hint';
            text.textContent = hint;
            item.append(text);
        }
        const old = Array.from(area.tests.children).find(li => li.dataset.name === name);
        if (old) {
            old.replaceWith(item);
        } else {
            area.tests.append(item);
        }
        area.tests.hidden = false;
    }

    // 结束时的一句话。书里本来就演示失败的代码单元（编译不过的例子、还没写完的起始代码），
    // 失败时说明这正是书中预期的。
    function finishedMessage(pre, event, checking) {
        if (event.outcome === 'build_failed' && mdbook.marked(pre, 'compile_fail')) {
            return '编译失败，正如正文所说：这段代码本来就编译不过，错误信息见下';
        }
        if (!checking && event.outcome === 'exited' && event.code === 101
            && mdbook.marked(pre, 'should_panic') && !editing.isEdited?.(pre)) {
            return `${event.message}：起始代码里的 todo!() 让程序 panic 了，这正是书中预期的结果。`
                + '用 ✎ 写好之后，点“检查”按钮。';
        }
        return event.message;
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
            run.running = true;
            area.build.open = false;
            // Python 程序不编译（build_ms 是 0）。
            showStatus(area, cell.python || event.build_ms === 0
                ? '运行中……'
                : `${run.checking ? '检查' : '运行'}中……（编译用了 `
                    + `${(event.build_ms / 1000).toFixed(1)} 秒）`, 'running');
            break;
        case 'tick':
            showStatus(area, `${run.checking ? '检查' : '运行'}中…… `
                + `${Math.round(event.elapsed_ms / 1000)} 秒`, 'running');
            break;
        case 'output':
            appendOutput(area, event.stream, event.text);
            break;
        case 'test':
            showTest(area, event);
            break;
        case 'sample':
            pre.nbSamples.push(event);
            addLanes(run.lanes, event);
            scheduleUsage(cell, run);
            break;
        case 'finished':
            run.finished = true;
            run.lanes.end = Math.max(run.lanes.end, event.elapsed_ms);
            finishUsage(cell, run, event);
            // 程序的 stdout 叫 program（见 server/events.rs），stderr 叫 stderr。
            area.streams.hidden = run.checking
                || !(area.seen.has('program') && area.seen.has('stderr'));
            area.build.open = event.outcome === 'build_failed';
            if (event.outcome === 'output_limit') {
                const cut = document.createElement('span');
                cut.className = 'nb-cut';
                cut.textContent = '\n……（输出到这里被截断了，后面的没有显示）\n';
                area.log.append(cut);
            }
            showStatus(area, finishedMessage(pre, event, run.checking),
                event.outcome === 'exited' && event.code === 0 ? 'ok' : 'failed');
            break;
        default:
            break;
        }
    }

    // 把代码交给服务器（`exercise` 不为空时是「检查」），边收事件边显示，直到结束或连接断开。
    async function startRun(cell, exercise) {
        const run = {
            id: null,
            controller: new AbortController(),
            finished: false,
            running: false,
            checking: Boolean(exercise),
            lanes: newLanes(),
            timer: null,
        };
        cell.current = run;
        cell.pre.nbSamples = [];
        const button = exercise ? cell.check : cell.play;
        showStop(button);
        resetOutputArea(cell.area, run.checking);
        showStatus(cell.area, '已提交……', 'waiting');
        const body = { code: editing.text(cell.pre) };
        if (exercise) {
            body.check = exercise;
        }
        if (cell.python) {
            body.language = 'python';
            body.name = cell.python;
        }
        try {
            const response = await fetch('/api/run', {
                method: 'POST',
                headers: { 'Content-Type': 'application/json', [TOKEN_HEADER]: token },
                body: JSON.stringify(body),
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
            clearTimeout(run.timer);
            if (cell.current === run) {
                cell.current = null;
                if (exercise) {
                    cell.check.textContent = '检查';
                    cell.check.title = CHECK_TITLE;
                    cell.check.classList.remove('nb-stop');
                } else {
                    showIdle(cell.play);
                }
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

    // 运行时的资源：服务器对程序的整个进程组采样（只在 Linux 上有；开始时每 10 毫秒一次，
    // 越往后越疏，见 code/notebook/src/process/usage.rs），程序一启动就先采一次。
    // 上面一行峰值，外加线程、CPU、内存随时间变化的小图（内联 SVG，线条用文字的颜色，
    // 浅色、深色主题下都看得清）；下面是每个线程的泳道（drawLanes）。
    // 少于 MIN_SAMPLES 个采样时不画：几个点说明不了什么，结束时改成一句话（finishUsage）。
    // 采样来得密，运行中最多每 REDRAW_MS 毫秒重画一次，结束时马上画最后一次。
    const MIN_SAMPLES = 3;
    const REDRAW_MS = 100;

    function scheduleUsage(cell, run) {
        if (run.timer === null) {
            // 运行了 2 秒以后采样变疏（每 0.1 秒），重画也放慢到每 0.5 秒。
            const delay = run.lanes.end > 2000 ? 5 * REDRAW_MS : REDRAW_MS;
            run.timer = setTimeout(() => {
                run.timer = null;
                if (cell.current === run) {
                    drawUsage(cell, run);
                }
            }, delay);
        }
    }

    function finishUsage(cell, run, event) {
        clearTimeout(run.timer);
        run.timer = null;
        const { area, info, pre } = cell;
        const samples = pre.nbSamples;
        if (samples.length >= MIN_SAMPLES) {
            drawUsage(cell, run);
            return;
        }
        if (!run.running) {
            return; // 程序没有运行：编译失败、找不到 python3、开始之前就停了
        }
        const note = document.createElement('span');
        note.className = 'nb-usage-peaks nb-usage-short';
        if (samples.length === 0 && !info.lanes) {
            // 服务器所在的系统没有 /proc（/api/status 的 lanes 是 false）：不采样。
            note.textContent = '资源条和每个线程的泳道只在 Linux 上有（要读 /proc），这台电脑上只显示用时。';
        } else {
            const taken = samples.length === 0 ? '一次也没采到' : `只采到 ${samples.length} 次`;
            note.textContent = `程序只运行了 ${(event.elapsed_ms / 1000).toFixed(2)} 秒，`
                + `采样开始时每 10 毫秒一次，这次${taken}：太少，不画资源条和泳道。`;
        }
        area.strip.replaceChildren(note);
        area.lanes.hidden = true;
        area.usage.hidden = false;
    }

    function drawUsage(cell, run) {
        const { area, pre } = cell;
        const samples = pre.nbSamples;
        if (samples.length < MIN_SAMPLES) {
            return;
        }
        const peak = key => samples.reduce((most, s) => Math.max(most, s[key]), 0);
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
        area.usage.dataset.peaks = JSON.stringify(peaks);
        const summary = document.createElement('span');
        summary.className = 'nb-usage-peaks';
        summary.textContent = `线程峰值 ${peaks.threads} · 进程峰值 ${peaks.processes}`
            + ` · CPU 峰值 ${peaks.cpu_percent}% · 内存峰值 ${mb(peaks.rss_bytes)} MB`;
        const charts = [
            ['线程', 'threads', v => `${v} 个`],
            ['CPU', 'cpu_percent', v => `${v}%`],
            ['内存', 'rss_bytes', v => `${mb(v)} MB`],
        ].map(([label, key, format]) => sparkline(label, samples, key, format(peaks[key])));
        area.strip.replaceChildren(summary, ...charts);
        drawLanes(area.lanes, run.lanes, Boolean(cell.python));
        area.usage.hidden = false;
    }

    function sparkline(label, samples, key, peakText) {
        const end = Math.max(samples[samples.length - 1].elapsed_ms, 1);
        const top = Math.max(...samples.map(s => s[key]), 1);
        const points = samples.map(s => `${(100 * s.elapsed_ms / end).toFixed(1)},`
            + `${(19 - 18 * s[key] / top).toFixed(1)}`);
        if (points.length === 1) {
            points.push(points[0].replace(/^[^,]*/, '100')); // 只有一个采样：画一条横线
        }
        const svg = svgElement('svg');
        svg.setAttribute('viewBox', '0 0 100 20');
        svg.setAttribute('preserveAspectRatio', 'none');
        svg.setAttribute('role', 'img');
        svg.setAttribute('aria-label', `${label}随时间的变化，峰值 ${peakText}`);
        const line = svgElement('polyline');
        line.setAttribute('points', points.join(' '));
        svg.append(line);
        const figure = document.createElement('span');
        figure.className = 'nb-spark';
        figure.title = `${label}：峰值 ${peakText}`;
        figure.append(label, svg);
        return figure;
    }

    function svgElement(tag) {
        return document.createElementNS('http://www.w3.org/2000/svg', tag);
    }

    // 每个线程一条泳道（采样里的 lanes，见 code/notebook/src/server/events.rs）。
    //
    // 按进程分组，组头写进程号和进程名；每条泳道左边是“主线程”（tid 等于 pid）或“线程 N”
    // （这个进程里第 N 个出现的线程）和线程名，右边每两次采样之间一根柱子：绿色的高是这段
    // 时间里它在 CPU 上运行的份额，上面叠着橙黄色的“能运行、在等空闲的核心”，其余的时间在
    // 等待；灰色的细线是它活着的那段时间。颜色和图例的说法与 book/images/ch02-lanes-*.svg
    // 一致，浅色配色下深一些（notebook.css），在页面底色上都至少 3:1。
    //
    // 整次运行只有一个 SVG（拉伸到泳道那一栏，preserveAspectRatio="none"），所有泳道的
    // 同一种颜色合成一条 path；名字是 HTML，在左边一栏。窄屏上泳道在自己的框里左右滚动，
    // 名字那一栏留在左边（position: sticky）。
    const ROW = 20; // SVG 里一行的高度；CSS 里一行的高度是 .nb-lanes-grid 的 grid-auto-rows
    const PLOT_WIDTH = 1000;

    function newLanes() {
        return { processes: new Map(), threads: new Map(), last: 0, end: 0, hidden: 0, unseen: 0 };
    }

    // 记下一个采样：每个线程在上一个采样到这一个之间的运行、等 CPU 的份额。
    // 线程第一次出现时，份额算的是它出生以来的那一段，所以它的泳道从上一个采样开始。
    function addLanes(lanes, sample) {
        const from = lanes.last;
        const to = sample.elapsed_ms;
        lanes.last = to;
        lanes.end = Math.max(lanes.end, to);
        lanes.hidden = Math.max(lanes.hidden, sample.lanes_hidden || 0);
        lanes.unseen = Math.max(lanes.unseen, sample.unseen_at_most || 0);
        for (const lane of sample.lanes || []) {
            const key = `${lane.pid}/${lane.tid}`;
            let thread = lanes.threads.get(key);
            if (!thread) {
                let process = lanes.processes.get(lane.pid);
                if (!process) {
                    process = { pid: lane.pid, threads: [], others: 0 };
                    lanes.processes.set(lane.pid, process);
                }
                const main = lane.tid === lane.pid;
                thread = { tid: lane.tid, main, number: main ? 0 : ++process.others, from, slices: [] };
                process.threads.push(thread);
                lanes.threads.set(key, thread);
            }
            Object.assign(thread, { name: lane.name, cpuMs: lane.cpu_ms, to });
            // 份额按 5% 取整（柱子高 14 个单位，看不出差别），紧挨着的、一样高的柱子合成一根：
            // 一直在算或一直在等的线程，泳道上就只有几根长柱子，运行得再久也画得快。
            const [cpu, ready] = [lane.cpu_percent, lane.ready_percent].map(v => Math.round(v / 5) * 5);
            const previous = thread.slices[thread.slices.length - 1];
            if (previous && previous[1] === from && previous[2] === cpu && previous[3] === ready) {
                previous[1] = to;
            } else if (cpu > 0 || ready > 0) {
                thread.slices.push([from, to, cpu, ready]);
            }
        }
    }

    function drawLanes(container, lanes, python) {
        if (lanes.threads.size === 0 && lanes.hidden === 0) {
            container.hidden = true;
            return;
        }
        // 图例、滚动框和说明只建一次：滚动框换掉就会回到最左边，读者正在看的地方就丢了。
        if (!container.firstChild) {
            const legend = document.createElement('p');
            legend.className = 'nb-lanes-legend';
            const waiting = python ? '在等待（GIL、锁、join、sleep）' : '在等待（锁、join、sleep、I/O）';
            for (const [kind, text] of [['run', '在 CPU 上运行'], ['ready', '能运行，在等空闲的核心'],
                ['wait', waiting]]) {
                const key = document.createElement('span');
                key.className = 'nb-lanes-key';
                const swatch = document.createElement('span');
                swatch.className = `nb-swatch nb-swatch-${kind}`;
                key.append(swatch, text);
                legend.append(key);
            }
            const scroll = document.createElement('div');
            scroll.className = 'nb-lanes-scroll';
            scroll.tabIndex = 0; // 键盘也能左右滚动
            scroll.setAttribute('role', 'region');
            scroll.setAttribute('aria-label', '每个线程的泳道（窄屏上可以左右滚动）');
            const note = document.createElement('p');
            note.className = 'nb-lanes-note';
            container.append(legend, scroll, note);
        }
        const [, scroll, note] = container.children;
        const end = Math.max(lanes.end, 1);
        const x = t => (PLOT_WIDTH * t / end).toFixed(1);
        const y = v => v.toFixed(1);
        const grid = document.createElement('div');
        grid.className = 'nb-lanes-grid';
        const paths = { tick: [], wait: [], run: [], ready: [] };
        const ticks = tickTimes(end);
        let row = 0;
        const place = (node, column) => {
            node.style.gridRow = String(row + 1);
            node.style.gridColumn = column;
            grid.append(node);
        };
        for (const process of lanes.processes.values()) {
            const threads = process.threads.slice().sort((a, b) => a.number - b.number);
            // 只有一个线程的进程（多进程的程序里常见）：组头和泳道合成一行，写“进程 号”。
            const solo = threads.length === 1 && threads[0].main;
            if (!solo) {
                const header = document.createElement('div');
                header.className = 'nb-lane-process';
                header.textContent = `进程 ${process.pid}（${(threads.find(t => t.main) || threads[0]).name}）`;
                place(header, '1 / -1');
                row += 1;
            }
            for (const thread of threads) {
                const label = document.createElement('div');
                label.className = solo ? 'nb-lane-label nb-lane-solo' : 'nb-lane-label';
                label.dataset.name = thread.name;
                label.dataset.pid = String(process.pid);
                label.dataset.tid = String(thread.tid);
                const kind = document.createElement('span');
                kind.className = 'nb-lane-kind';
                kind.textContent = solo ? `进程 ${process.pid}` : thread.main ? '主线程' : `线程 ${thread.number}`;
                const name = document.createElement('span');
                name.className = 'nb-lane-name';
                name.textContent = thread.name;
                label.append(kind, ' ', name);
                label.title = `${solo ? '进程（只有主线程）' : kind.textContent}：线程号 ${thread.tid}，`
                    + `线程名 ${thread.name}，一共用了 ${thread.cpuMs} 毫秒 CPU`;
                place(label, '1');
                const top = row * ROW;
                const bottom = top + ROW - 3;
                const full = ROW - 6;
                ticks.forEach(t => paths.tick.push(`M${x(t)} ${top}v${ROW}`));
                paths.wait.push(`M${x(thread.from)} ${top + ROW / 2}H${x(thread.to)}`);
                for (const [from, to, cpu, ready] of thread.slices) {
                    const middle = bottom - full * Math.min(cpu, 100) / 100;
                    const high = middle - full * Math.min(ready, 100 - Math.min(cpu, 100)) / 100;
                    if (cpu > 0) {
                        paths.run.push(`M${x(from)} ${bottom}V${y(middle)}H${x(to)}V${bottom}Z`);
                    }
                    if (high < middle) {
                        paths.ready.push(`M${x(from)} ${y(middle)}V${y(high)}H${x(to)}V${y(middle)}Z`);
                    }
                }
                row += 1;
            }
        }
        const svg = svgElement('svg');
        svg.classList.add('nb-lanes-plot');
        svg.setAttribute('viewBox', `0 0 ${PLOT_WIDTH} ${row * ROW}`);
        svg.setAttribute('preserveAspectRatio', 'none');
        svg.setAttribute('role', 'img');
        svg.setAttribute('aria-label', `${lanes.threads.size} 个线程的泳道：绿色是在 CPU 上运行，`
            + '橙黄色是能运行、在等空闲的核心，只有灰线是在等待');
        svg.style.gridRow = `1 / span ${row}`;
        svg.style.gridColumn = '2';
        for (const kind of ['tick', 'wait', 'run', 'ready']) {
            const path = svgElement('path');
            path.setAttribute('class', `nb-lane-${kind}`);
            path.setAttribute('d', paths[kind].join('') || 'M0 0');
            svg.append(path);
        }
        grid.append(svg);
        // 最后一行：时间轴。
        const unit = document.createElement('div');
        unit.className = 'nb-lanes-unit';
        unit.textContent = '秒';
        place(unit, '1');
        const axis = document.createElement('div');
        axis.className = 'nb-lanes-axis';
        const digits = ticks.length > 1 && ticks[1] < 100 ? 2 : ticks.length > 1 && ticks[1] < 1000 ? 1 : 0;
        for (const t of ticks) {
            const mark = document.createElement('span');
            mark.textContent = (t / 1000).toFixed(digits);
            mark.style.left = `${(100 * t / end).toFixed(2)}%`;
            mark.classList.toggle('nb-lanes-first', t === 0);
            mark.classList.toggle('nb-lanes-last', t > end * 0.93);
            axis.append(mark);
        }
        place(axis, '2');
        scroll.replaceChildren(grid);
        const notes = [];
        if (lanes.hidden > 0) {
            notes.push(`同一时刻最多还有 ${lanes.hidden} 个线程没有画出（一次运行最多画 64 条泳道）。`);
        }
        if (lanes.unseen > 0) {
            notes.push(`另有最多 ${lanes.unseen} 个线程一闪而过、没来得及画（在两次采样之间出生又结束）。`);
        }
        note.textContent = notes.join('');
        note.hidden = notes.length === 0;
        container.hidden = false;
    }

    // 时间轴的刻度（毫秒）：1、2、5 乘 10 的幂，最多 6 格。
    function tickTimes(end) {
        let step = 10;
        for (let scale = 10; end / step > 6; scale *= 10) {
            step = [scale * 2, scale * 5, scale * 10].find(s => end / s <= 6) || scale * 10;
        }
        const times = [];
        for (let t = 0; t <= end + 1e-6; t += step) {
            times.push(t);
        }
        return times;
    }
})();
