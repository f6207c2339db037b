// 旧的整章地址仍然落到原来那一节。
//
// 各章原来是一整页（ch02-threads.html），后来拆成章首页（ch02-00-threads.html）和各节的页面。
// book.toml 的 [output.html.redirect] 把旧页面转到章首页，mdBook 的转向页保留地址里的 #锚点；
// 锚点不在章首页上时，这里在 MOVED 里找到带这个锚点的那一页（只找同一章的，各章都有练习），
// 转过去。MOVED 列出旧页面上的标题：标题文字没变的写锚点本身；改过字的写 ["旧锚点", "新锚点"]，
// 转过去时换成新锚点，已经在那一页上、地址里还是旧锚点时也一样。tests/book.rs 的
// every_old_anchor_lands_on_its_section 核对 code/notebook/tests/book/old-anchors.txt 里的每个旧锚点都这样找得到。
(function () {
    const MOVED = {
        "ch01-01-spawn.html": [["进程号和把自己再启动一次", "进程号与把自己再启动一次"], "启动子进程的三种方式", "笔记里的下载例子先一个接一个", "两个子进程同时下载", "笔记里的一个-bug编译器替你数参数"],
        "ch01-02-ipc.html": ["管道一问一答", "套接字tcp-和-unix-域套接字", "结构化的消息一行一个-json", "收到不合法的一行", "跨进程的作业队列"],
        "ch01-03-failures.html": ["子进程失败了", "卡住的子进程超时后杀掉", "出错时不留下子进程", "异步的子进程tokioprocess"],
        "ch01-04-exit.html": ["出错时用户看到什么", "程序怎样结束退出码processexit-和-ctrl-c"],
        "ch01-05-summary.html": [["本章小结python--rust", "第-1-章小结python--rust"]],
        "ch01-06-exercises.html": [["练习", "第-1-章练习"], "练习-11热身同时运行几条命令", ["练习-12几个工作进程一起数词", "练习-12几个工作进程一起统计词数"], "练习-13工作进程崩溃了重启它"],
        "ch02-01-spawn.html": ["启动一个线程取回它的结果", "给线程起名字threadbuilder", "借用局部变量move-与-threadscope", "没有-gil计算真的分到了多个核心上", ["原笔记的下载例子", "笔记里的下载例子两个线程"], "线程-panic-了join-交回-errscope-再抛出来", "不用继承-thread结构体加一个方法"],
        "ch02-02-sharing.html": ["共享数据arcsend-和-sync", "银行账户rust-逼你加锁锁的范围却要你自己定", "锁中毒poisoning", "读多写少rwlock", "不用锁的计数器原子类型", "编译器拦得住数据竞争拦不住竞态条件"],
        "ch02-03-sync.html": ["lock-与-rlockrust-的-mutex-不可重入", ["condition--condvar有界缓冲区", "condition-与-condvar有界缓冲区"], "event用-mutexbool-和-condvar-做一个", "semaphore最多同时-3-个下载", "barrier到齐了再一起走"],
        "ch02-04-channels.html": ["通道用消息代替共享", "有界通道与背压", "一个小线程池", "数据并行rayon", "先提交后取结果submit-和-futureresult", "一批作业失败的记下来跳过"],
        "ch02-05-globals.html": ["只初始化一次lazylock-与-oncelock", "全局变量放在哪static-与-arcappstate", "每个线程一份thread_local"],
        "ch02-06-deadlock.html": ["死锁是怎么发生的", "避免死锁固定加锁顺序", "守卫活多久match-和-if-let-里的临时守卫"],
        "ch02-07-summary.html": [["本章小结python--rust", "第-2-章小结python--rust"]],
        "ch02-08-exercises.html": [["练习", "第-2-章练习"], "练习-21热身分段求和", "练习-22三个线程的流水线", "练习-23一次拿几张许可证的信号量", "练习-24哲学家就餐", ["练习-25可以好好关闭的线程池", "练习-25能优雅关闭的线程池"]],
        "ch03-01-basics.html": ["笔记里的几条说法先核对一遍", "future-是惰性的", "运行时就是事件循环", "标准库为什么不自带运行时", "笔记的例子改正之后", "下载两个文件两个任务一个线程"],
        "ch03-02-tasks.html": ["任务与结果joinhandle-和-joinset", "任务-panic-了joinerror", "spawn-的任务要-static用-arc-共享数据", "取消任务", "周期触发interval", "给操作设时限timeout", "谁先完成用谁select"],
        "ch03-03-blocking.html": ["单线程上的共享状态不用锁", "需要锁的时候tokiosyncmutex", "别阻塞事件循环"],
        "ch03-04-io.html": [["真正的异步-io回声服务器", "真正的异步-io回显服务器"], "异步读写文件", "用消息代替共享mpsc-和-oneshot", "一对多的通知broadcast", "没有-async-for逐个处理陆续到来的数据", "用信号量限制并发数"],
        "ch03-05-shutdown.html": ["取消与优雅关闭", "阻塞的工作只能请它自己停", "服务器的优雅关闭先停止接受再等请求做完"],
        "ch03-06-summary.html": [["本章小结python--rust", "第-3-章小结python--rust"]],
        "ch03-07-exercises.html": [["练习", "第-3-章练习"], "练习-31热身同时下载按顺序交回", "练习-32谁先完成用谁", "练习-33限流限时的并发请求", "练习-34聊天室"],
        "ch04-01-benchmark.html": [["启动一个执行单元要多少钱", "启动一个执行单元的开销"], "一个能重跑的基准测试", "这台机器上的结果", "怎么读这些数字", "换成-rust-能快多少"],
        "ch04-02-choosing.html": ["怎么选", "异步的代价什么时候不用-async", "一个爬虫并发上限超时和重试", "混着用", "从-python-调用-rust"],
        "ch04-03-stuck.html": ["程序卡住了怎么查"],
        "ch04-04-rerun.html": ["在自己的机器上重跑"],
        "ch04-05-exercises.html": [["练习", "第-4-章练习"], "练习-41开放题量一量你自己的机器"],
        "ch04-06-summary.html": [["本章小结python--rust", "第-4-章小结python--rust"]],
        "appendix-01-processes.html": ["进程第-1-章"],
        "appendix-02-threads.html": ["线程第-2-章"],
        "appendix-03-async.html": ["异步第-3-章"],
        "appendix-04-choosing.html": ["怎么选混着用第-4-章"],
        "appendix-06-testing.html": [["输出看不出来的说法", "一次运行证明不了的说法"]],
    };
    const page = location.pathname.split("/").pop();
    let id;
    try {
        id = decodeURIComponent(location.hash.slice(1));
    } catch (error) {
        return;
    }
    if (!id || document.getElementById(id)) {
        return;
    }
    // 一项是锚点本身，或者 ["旧锚点", "新锚点"]：地址里的锚点是旧的那个时，换成新的。
    const renamed = entry => (Array.isArray(entry) ? entry : [entry, entry]);
    const land = (target, anchor) => location.replace(target + "#" + encodeURIComponent(anchor));
    if (!page.includes("-00-")) {
        // 已经在这一节所在的页面上，只是标题改过字。
        for (const [old, now] of (MOVED[page] || []).map(renamed)) {
            if (old === id) {
                land(page, now);
                return;
            }
        }
        return;
    }
    const chapter = page.split("-")[0] + "-";
    for (const [target, entries] of Object.entries(MOVED)) {
        if (!target.startsWith(chapter)) {
            continue;
        }
        for (const [old, now] of entries.map(renamed)) {
            if (old === id) {
                land(target, now);
                return;
            }
        }
    }
})();
