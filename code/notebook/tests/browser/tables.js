// 浏览器测试（reader.rs 的 tables）注入页面的脚本：量正文里的每张表。
//
// 返回每张表的 [表格宽度, 正文栏宽度, 能否横向滚动, 从中间断开的词]。“词”是数字（10,000、0.55、
// 1.95.0、2026-04-14、6.18.44-fc-v509）和名字（current_exe、x86_64、wall-clock）：它的各段落在不同的
// 行上，就是从中间断开了。代码在两个记号之间（::、( 或 a.b 的 . 后面）换行不算断开；中文照常换行。
return Array.from(document.querySelectorAll('main table'), table => {
    const column = document.querySelector('main').clientWidth;
    const style = getComputedStyle(table);
    const scrolls = ['auto', 'scroll'].includes(style.overflowX) && style.display !== 'table';
    const broken = [];
    const walker = document.createTreeWalker(table, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const node = walker.currentNode;
        const words = /[0-9]+(?:[-.,:][0-9A-Za-z_]+)*|[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*/g;
        for (const match of node.data.matchAll(words)) {
            if (match[0].length < 2) {
                continue;
            }
            const range = document.createRange();
            range.setStart(node, match.index);
            range.setEnd(node, match.index + match[0].length);
            const tops = Array.from(range.getClientRects())
                .filter(rect => rect.width > 0)
                .map(rect => rect.top);
            if (tops.length > 1 && Math.max(...tops) - Math.min(...tops) > 5) {
                broken.push(match[0]);
            }
        }
    }
    return [table.scrollWidth, column, scrolls, broken];
});
