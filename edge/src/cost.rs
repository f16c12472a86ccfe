//! Counting what one invocation spends (`shared::api::cost::Cost`), without passing a counter
//! through every call: [`metered`] wraps an invocation's future and makes its meter the current
//! one while that future runs. Requests interleave in one isolate, but each poll runs one
//! future, and every KV operation, object call and fetch is counted when it is started — inside
//! the poll of the invocation that made it.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use village_shared::api::cost::Cost;

thread_local! {
    static CURRENT: RefCell<Option<Rc<Cell<Cost>>>> = const { RefCell::new(None) };
}

/// Add to the running invocation's cost (nothing when none is metered).
pub fn count(add: impl FnOnce(&mut Cost)) {
    CURRENT.with(|current| {
        if let Some(meter) = current.borrow().as_ref() {
            let mut cost = meter.get();
            add(&mut cost);
            meter.set(cost);
        }
    });
}

/// The running invocation's meter: work one invocation does on another's behalf (an object
/// committing a batch of commands) is charged to it with [`Meter::charge`].
#[derive(Clone)]
pub struct Meter(Rc<Cell<Cost>>);

impl Meter {
    pub fn current() -> Option<Meter> {
        CURRENT.with(|current| current.borrow().clone().map(Meter))
    }

    pub fn charge(&self, cost: Cost) {
        let mut total = self.0.get();
        total += cost;
        self.0.set(total);
    }
}

/// Run `work`, and answer what it returned with what it cost.
pub async fn metered<T>(work: impl Future<Output = T>) -> (T, Cost) {
    let meter = Rc::new(Cell::new(Cost::default()));
    let output = Metered { meter: meter.clone(), work: Box::pin(work) }.await;
    (output, meter.get())
}

struct Metered<F> {
    meter: Rc<Cell<Cost>>,
    work: Pin<Box<F>>,
}

impl<F: Future> Future for Metered<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let outer = CURRENT.with(|current| current.replace(Some(self.meter.clone())));
        let polled = self.work.as_mut().poll(cx);
        CURRENT.with(|current| *current.borrow_mut() = outer);
        polled
    }
}
