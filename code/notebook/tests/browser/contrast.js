// 浏览器测试（reader.rs 的 contrast_in_every_theme）注入页面的脚本：量对比度。
//
// nbContrast(元素, 伪元素, 属性)：文字（或伪元素的文字、图标）的颜色，连同祖先的 opacity，
// 叠在它身后逐层合成的背景上，按 WCAG 2 的相对亮度算出对比度。
// nbMeasure()：本书界面上各种文字和图标逐项量一遍，返回 [说明, 对比度, 要求]：
// 文字（按钮、说明、小标题、标签）至少 4.5:1，图标至少 3:1。只量看得见的元素，每种最多 3 个。
(function () {
    const parse = text => {
        const m = text.match(/rgba?\(([^)]+)\)/);
        if (!m) { return null; }
        const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
        return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
    };
    const over = (top, under) => {
        const a = top.a + under.a * (1 - top.a);
        if (a === 0) { return { r: 0, g: 0, b: 0, a: 0 }; }
        const mix = k => (top[k] * top.a + under[k] * under.a * (1 - top.a)) / a;
        return { r: mix('r'), g: mix('g'), b: mix('b'), a };
    };
    const luminance = c => {
        const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
        return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
    };
    const ratio = (a, b) => {
        const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
        return (x + 0.05) / (y + 0.05);
    };
    // 元素身后的背景：从自己往上，把半透明的背景一层层叠起来，直到不透明为止。
    const background = el => {
        const layers = [];
        for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
            const c = parse(getComputedStyle(node).backgroundColor);
            if (c && c.a > 0) {
                layers.push(c);
                if (c.a >= 1) { break; }
            }
        }
        let color = { r: 255, g: 255, b: 255, a: 1 };
        for (const layer of layers.reverse()) { color = over(layer, color); }
        return color;
    };
    const opacity = el => {
        let o = 1;
        for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
            o *= Number(getComputedStyle(node).opacity);
        }
        return o;
    };
    // el 的文字（或 pseudo 的文字、图标的 fill）对它身后背景的对比度。
    window.nbContrast = (el, pseudo, property) => {
        const style = getComputedStyle(el, pseudo || null);
        const fg = parse(style[property || 'color']);
        const bg = background(el);
        fg.a *= opacity(el);
        return ratio(over(fg, bg), bg);
    };
})();

window.nbMeasure = () => {
    const visible = el => el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    const out = [];
    const text = (name, selector, min, pseudo) => {
        document.querySelectorAll(selector).forEach((el, i) => {
            if (i < 3 && visible(el)) {
                out.push([name, window.nbContrast(el, pseudo), min]);
            }
        });
    };
    text('跳到正文', '.nb-skip', 4.5);
    text('菜单栏的书名', '.menu-title', 4.5);
    text('菜单栏的图标', '#mdbook-menu-bar .icon-button, #mdbook-menu-bar .right-buttons a', 3);
    text('翻页箭头', '.nav-chapters, .mobile-nav-chapters', 3);
    text('目录的链接', '#mdbook-sidebar a', 4.5);
    text('正文', 'main p', 4.5);
    text('正文的链接', 'main p a', 4.5);
    text('代码单元上方的运行命令', '.nb-command', 4.5);
    text('页面的运行说明', '.nb-mode', 4.5);
    text('“改过”的说明', '.nb-edited-note', 4.5);
    text('代码框上的按钮（图标）', 'pre > .buttons button:not(.nb-check-button)', 3);
    text('复制按钮的图标', 'pre > .buttons button.clip-button', 3, '::before');
    text('「检查」按钮', 'pre > .buttons button.nb-check-button', 4.5);
    text('“这次运行”的小标题', '.nb-caption', 4.5);
    text('运行状态', '.nb-status', 4.5);
    text('运行状态的 ✓ ✗', '.nb-status-ok, .nb-status-failed', 3, '::before');
    text('程序的输出', '.nb-log', 4.5);
    text('stderr', '.nb-stderr', 4.5);
    text('两根管道的说明', '.nb-streams-note', 4.5);
    text('资源条', '.nb-usage-peaks, .nb-spark', 4.5);
    text('检查的逐项结果', '.nb-test-name, .nb-test-hint', 4.5);
    text('检查的 ✓ ✗', '.nb-tests li', 3, '::before');
    text('“书中记录的输出”', 'pre:has(> code.language-rust) + pre:has(> code.language-text), .nb-output + pre:has(> code.language-text)', 4.5, '::before');
    text('搜索框', '#bingfa-search input', 4.5);
    text('搜索框的“清除”', '#bingfa-search .pagefind-ui__search-clear', 4.5);
    text('搜索的提示', '#bingfa-search .pagefind-ui__message', 4.5);
    text('搜索结果的标题', '#bingfa-search .pagefind-ui__result-link', 4.5);
    text('搜索结果的摘录', '#bingfa-search .pagefind-ui__result-excerpt', 4.5);
    text('摘录里高亮的词', '#bingfa-search mark', 4.5);
    text('术语表的那一条', '#bingfa-search .bingfa-term, #bingfa-search .bingfa-term strong', 4.5);
    text('术语表那一条的链接', '#bingfa-search .bingfa-term a', 4.5);
    text('图下面的提示', '.nb-figure-hint, .nb-scroll-hint', 4.5);
    return out;
};
