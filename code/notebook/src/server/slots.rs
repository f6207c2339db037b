//! ▶ 的槽位：最多同时运行几个代码单元，就有几个槽位，每个槽位一个草稿包。
//!
//! 拿到一个槽位才能编译、运行；拿不到就排队（[`SlotPool::take`] 按先来后到）。
//! [`Slot`] 被丢弃时回到池里，排在最前面的那个运行接着用。

use std::sync::Mutex;

use tokio::sync::Semaphore;

/// 槽位池：空着的槽位，和一个数着它们的信号量（排队靠它）。
pub(crate) struct SlotPool {
    free: Mutex<Vec<usize>>,
    available: Semaphore,
}

/// 借到的一个槽位；丢弃时自动还回。
pub(crate) struct Slot<'a> {
    pool: &'a SlotPool,
    pub(crate) index: usize,
}

impl SlotPool {
    /// `count` 个槽位，编号 0 到 `count - 1`。
    pub(crate) fn new(count: usize) -> Self {
        Self {
            free: Mutex::new((0..count).rev().collect()),
            available: Semaphore::new(count),
        }
    }

    /// 有空槽位就立刻拿一个，没有就返回 `None`（调用者告诉页面“排队中”，再 [`Self::take`]）。
    pub(crate) fn try_take(&self) -> Option<Slot<'_>> {
        self.available.try_acquire().ok()?.forget();
        Some(self.pop())
    }

    /// 等到有空槽位再拿（信号量按先来后到唤醒等待者）。
    pub(crate) async fn take(&self) -> Slot<'_> {
        self.available
            .acquire()
            .await
            .expect("信号量从不关闭")
            .forget();
        self.pop()
    }

    fn pop(&self) -> Slot<'_> {
        let index = self
            .free
            .lock()
            .unwrap()
            .pop()
            .expect("信号量数着空槽位：拿到许可就有空槽位");
        Slot { pool: self, index }
    }
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        self.pool.free.lock().unwrap().push(self.index);
        self.pool.available.add_permits(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_returned_slot_goes_to_the_next_in_line() {
        let pool = SlotPool::new(2);
        let first = pool.try_take().unwrap();
        let second = pool.try_take().unwrap();
        assert_ne!(first.index, second.index);
        assert!(pool.try_take().is_none(), "两个槽位都已借出");
        let freed = first.index;
        drop(first);
        assert_eq!(pool.take().await.index, freed);
    }
}
