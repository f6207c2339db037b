//! 进程组里有哪些进程、每个进程有哪些线程：找新加入的进程，读每个线程的状态和 CPU 时间，
//! 画成一条条泳道（见上一层的模块文档）。

use super::*;

pub(super) struct Member {
    pub(super) stat: File,
    #[cfg(target_os = "linux")]
    pub(super) clock: Option<libc::clockid_t>,
    pub(super) cpu_ns: Option<u64>,
}

pub(super) struct Thread {
    pub(super) pid: u32,
    pub(super) stat: File,
    pub(super) schedstat: Option<File>,
    pub(super) run_ns: u64,
    pub(super) queue_ns: u64,
    /// 记账晚到、超出一整段的纳秒数，挪到下一段去显示（见 [`Thread::read`]）。
    pub(super) carry_ns: [f64; 2],
}

impl Sampler {
    /// 找出新加入进程组的进程；返回这段时间里新分配、属于这个组的号（进程或线程）。
    /// 已经不在的新号记进 [`Sampler::unseen`]。
    pub(super) fn discover(&mut self, now: Instant) -> Vec<u32> {
        let mut full = self
            .full_scan_at
            .is_none_or(|at| now - at >= FULL_SCAN_EVERY);
        let last = last_pid();
        let mut ours = Vec::new();
        match (self.last_pid, last) {
            (Some(before), Some(last)) => {
                let span = if last >= before {
                    last - before
                } else {
                    self.pid_max.saturating_sub(before + 1) + last
                };
                if span > MAX_WALK {
                    self.unseen = self.unseen.saturating_add(span);
                    full = true;
                } else {
                    let fresh: Vec<u32> = if last >= before {
                        (before + 1..=last).collect()
                    } else {
                        (before + 1..self.pid_max).chain(1..=last).collect()
                    };
                    for id in fresh {
                        // 读不到：这个号的进程或线程已经结束了（是谁的，已经无从知道）。
                        match std::fs::read(format!("/proc/{id}/stat")) {
                            Err(_) => self.unseen = self.unseen.saturating_add(1),
                            Ok(stat) => {
                                if parse_stat_bytes(&stat)
                                    .is_some_and(|s| s.group == self.group && s.state != 'Z')
                                {
                                    ours.push(id);
                                }
                            }
                        }
                    }
                }
            }
            _ => full = true,
        }
        self.last_pid = last;
        if full {
            let cost = ThreadClock::now();
            self.full_scan_at = Some(now);
            for pid in scan_group(self.group) {
                self.add_member(pid);
            }
            self.scan_cost = cost.elapsed();
        }
        for &id in &ours {
            // 新号可能是一个新进程，也可能是某个进程的新线程。已知进程的新线程，读线程时
            // 自然会看到；否则 `Tgid` 说它属于哪个进程。
            let known = self.members.contains_key(&id)
                || self
                    .members
                    .keys()
                    .any(|pid| std::fs::exists(format!("/proc/{pid}/task/{id}")).unwrap_or(false));
            if !known && let Some(tgid) = tgid_of(id) {
                self.add_member(tgid);
            }
        }
        ours
    }

    pub(super) fn add_member(&mut self, pid: u32) {
        if self.members.contains_key(&pid) {
            return;
        }
        if let Ok(stat) = File::open(format!("/proc/{pid}/stat")) {
            let member = Member {
                stat,
                #[cfg(target_os = "linux")]
                clock: process_clock(pid),
                cpu_ns: None,
            };
            self.members.insert(pid, member);
        }
    }

    /// 读组里每个进程的每个线程，返回有泳道的线程和没有泳道的线程数。
    /// `ours` 是这段时间里新分配、属于这个组的号：它们在读线程之前结束了的，也算一闪而过。
    pub(super) fn read_threads(&mut self, wall_ns: f64, ours: &[u32]) -> (Vec<Lane>, u32) {
        let mut seen = BTreeSet::new();
        let mut lanes = Vec::new();
        let mut hidden = 0;
        let mut buffer = [0; 1024];
        for &pid in self.members.keys() {
            let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
                continue;
            };
            for entry in tasks.flatten() {
                let Some(tid) = entry.file_name().to_str().and_then(|n| n.parse().ok()) else {
                    continue;
                };
                seen.insert(tid);
                if !self.threads.contains_key(&tid) {
                    if self.lanes_given >= MAX_LANES {
                        hidden += 1;
                        continue;
                    }
                    let path = format!("/proc/{pid}/task/{tid}");
                    let Ok(stat) = File::open(format!("{path}/stat")) else {
                        continue;
                    };
                    let schedstat = File::open(format!("{path}/schedstat")).ok();
                    self.lanes_given += 1;
                    let thread = Thread {
                        pid,
                        stat,
                        schedstat,
                        run_ns: 0,
                        queue_ns: 0,
                        carry_ns: [0.0; 2],
                    };
                    self.threads.insert(tid, thread);
                }
                let thread = self.threads.get_mut(&tid).expect("刚刚放进去");
                match thread.read(&mut buffer, wall_ns, self.ticks_per_second) {
                    Some(mut lane) => {
                        lane.tid = tid;
                        lanes.push(lane);
                    }
                    None => {
                        seen.remove(&tid);
                    }
                }
            }
        }
        // 结束了的线程（或者所属的进程已经不在组里）：泳道到此为止。
        self.threads.retain(|tid, _| seen.contains(tid));
        let missed = ours.iter().filter(|id| !seen.contains(id)).count();
        self.unseen = self
            .unseen
            .saturating_add(u32::try_from(missed).unwrap_or(u32::MAX));
        lanes.sort_by_key(|lane| (lane.pid, lane.tid));
        (lanes, hidden)
    }
}

impl Member {
    /// 这个进程到现在一共用了多少纳秒 CPU（包括已经结束的线程）。
    pub(super) fn cpu_now(&self) -> Option<u64> {
        #[cfg(target_os = "linux")]
        {
            let mut time = libc::timespec {
                tv_sec: 0,
                tv_nsec: 0,
            };
            // SAFETY: clock_gettime 只往 `time` 里写。
            let ok = unsafe { libc::clock_gettime(self.clock?, &mut time) } == 0;
            ok.then(|| time.tv_sec as u64 * 1_000_000_000 + time.tv_nsec as u64)
        }
        #[cfg(not(target_os = "linux"))]
        None
    }
}

impl Thread {
    /// 读一次这个线程；它已经结束时返回 `None`。返回的泳道里 `tid` 由调用者填。
    pub(super) fn read(
        &mut self,
        buffer: &mut [u8],
        wall_ns: f64,
        ticks_per_second: u64,
    ) -> Option<Lane> {
        let text = read(&self.stat, buffer)?;
        let stat = parse_stat_bytes(text)?;
        let name = comm(text)?;
        let (run_ns, queue_ns) = self
            .schedstat
            .as_ref()
            .and_then(|file| parse_schedstat(std::str::from_utf8(read(file, buffer)?).ok()?))
            // 没有 schedstat 的内核：退回以时钟滴答计的 CPU 时间，不知道等了多久。
            .unwrap_or((stat.ticks * 1_000_000_000 / ticks_per_second, 0));
        // 内核在时钟中断（每 1 到 10 毫秒）或切换线程时才给线程记账，等 CPU 的时间在它
        // 拿到 CPU 时才记上：一段里可能记进了上一段的时间，超过 100%。超出的部分留到
        // 下一段显示，一直在算的线程就一直是 100%，合起来的总数也不少。
        let mut share = |which: usize, ns: u64, room: f64| {
            let total = ns as f64 + self.carry_ns[which];
            let shown = total.min(wall_ns * room);
            self.carry_ns[which] = (total - shown).min(wall_ns); // 最多挪一段
            shown / wall_ns
        };
        let cpu = share(0, run_ns.saturating_sub(self.run_ns), 1.0);
        let ready = share(1, queue_ns.saturating_sub(self.queue_ns), 1.0 - cpu);
        let percent = |share: f64| ((share * 100.0).round() as u32).min(100);
        let (cpu_percent, ready_percent) = (percent(cpu), percent(ready).min(100 - percent(cpu)));
        self.run_ns = run_ns;
        self.queue_ns = queue_ns;
        Some(Lane {
            pid: self.pid,
            tid: 0,
            name,
            state: stat.state,
            cpu_percent,
            ready_percent,
            cpu_ms: run_ns / 1_000_000,
        })
    }
}
