//! A global allocator that backs large allocations with transparent huge pages.
//!
//! Indexing spends most of its time in tantivy's term hash table and the 1 MB arena pages its
//! postings are written to, read and written at random over several hundred megabytes: with
//! 4 KB pages nearly every access misses the TLB. On Linux with transparent huge pages in
//! `madvise` mode (the common default), memory is backed by 2 MB pages only where a program
//! asks for it with `madvise(MADV_HUGEPAGE)`, on 2 MB-aligned ranges. [`HugePageAlloc`] does
//! that for large allocations and leaves the rest to the system allocator:
//!
//! - from [`SLOT`]/2 to [`SLOT`] bytes (tantivy's arena pages are exactly 1 MB): a 1 MB slot in
//!   a 2 MB-aligned, huge-page-advised chunk of [`CHUNK`] bytes; freed slots are kept for
//!   reuse (the process's peak is what it is either way);
//! - above [`SLOT`] (the hash tables, large vectors): a mapping of its own, rounded up to 2 MB
//!   and 2 MB-aligned, unmapped when freed.
//!
//! It does so only once [`enable`] is called (the binary calls it for `index`): a short-lived
//! search process gains nothing from huge pages and pays for zeroing 2 MB at each first touch
//! (a cold `zhengce search` took 1.5–2.7 ms longer with them always on). Elsewhere than Linux,
//! everything goes to the system allocator.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, Ordering};

/// Whether large allocations go to huge pages; set once, by [`enable`].
static ENABLED: AtomicBool = AtomicBool::new(false);

/// Sends this process's large allocations to huge pages from now on.
///
/// # Safety
/// No block of [`SLOT`]/2 bytes or more allocated through [`HugePageAlloc`] may be live when
/// this is called (such a block would be freed through the wrong path): call it at the start of
/// the program, before anything large is allocated.
pub unsafe fn enable() {
    ENABLED.store(true, Ordering::Release);
}

/// The size of a huge page on x86-64 and most aarch64 Linux systems.
pub const HUGE_PAGE: usize = 2 << 20;
/// The size of a slot: allocations from half of this to this share huge pages.
pub const SLOT: usize = 1 << 20;
/// How much address space is mapped at once for slots (memory is only used once touched).
pub const CHUNK: usize = 32 << 20;

/// The allocator (a unit struct, so it can be a `static`); see the module documentation.
#[derive(Debug, Default, Clone, Copy)]
pub struct HugePageAlloc;

/// Where an allocation of some layout is served from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    System,
    Slot,
    /// A mapping of its own, of this many bytes (a multiple of [`HUGE_PAGE`]).
    Mapping(usize),
}

fn class_of(size: usize, align: usize) -> Class {
    if !cfg!(target_os = "linux")
        || size < SLOT / 2
        || align > SLOT
        || !ENABLED.load(Ordering::Acquire)
    {
        Class::System
    } else if size <= SLOT {
        Class::Slot
    } else {
        match size.checked_add(HUGE_PAGE - 1) {
            Some(padded) => Class::Mapping(padded & !(HUGE_PAGE - 1)),
            None => Class::System,
        }
    }
}

unsafe impl GlobalAlloc for HugePageAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        match class_of(layout.size(), layout.align()) {
            // SAFETY: the caller's layout is passed on unchanged.
            Class::System => unsafe { System.alloc(layout) },
            Class::Slot => slots::take(),
            Class::Mapping(len) => map_huge(len),
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        match class_of(layout.size(), layout.align()) {
            // SAFETY: the caller's layout is passed on unchanged.
            Class::System => unsafe { System.alloc_zeroed(layout) },
            Class::Slot => {
                let ptr = slots::take();
                if !ptr.is_null() {
                    // SAFETY: a slot is SLOT >= layout.size() writable bytes owned by the caller
                    // from now on. (A reused slot holds old data; a fresh one is already zero,
                    // but which it is is not tracked.)
                    unsafe { ptr.write_bytes(0, layout.size()) };
                }
                ptr
            }
            // A fresh anonymous mapping is zero-filled by the kernel.
            Class::Mapping(len) => map_huge(len),
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        match class_of(layout.size(), layout.align()) {
            // SAFETY: `ptr` came from System.alloc with this layout (same class on the way in).
            Class::System => unsafe { System.dealloc(ptr, layout) },
            // SAFETY: `ptr` is a slot handed out by `slots::take` and no longer used.
            Class::Slot => unsafe { slots::give_back(ptr) },
            // SAFETY: `ptr` is the start of a mapping of `len` bytes made by `map_huge`.
            Class::Mapping(len) => unsafe { unmap(ptr, len) },
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let old = class_of(layout.size(), layout.align());
        let new = class_of(new_size, layout.align());
        match (old, new) {
            // SAFETY: the caller's arguments are passed on unchanged, and both layouts are
            // served by the system allocator.
            (Class::System, Class::System) => unsafe { System.realloc(ptr, layout, new_size) },
            // The memory already held is big enough, and it is what the new class would give.
            (Class::Slot, Class::Slot) => ptr,
            (Class::Mapping(a), Class::Mapping(b)) if a == b => ptr,
            _ => {
                // SAFETY: `new_size` is non-zero and, rounded up to the alignment, does not
                // overflow isize (the caller's contract for realloc).
                let new_layout =
                    unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
                // SAFETY: a valid non-zero layout.
                let fresh = unsafe { self.alloc(new_layout) };
                if !fresh.is_null() {
                    // SAFETY: both blocks are valid for the smaller size and do not overlap
                    // (`fresh` is a new allocation); `ptr` is then freed with its own layout.
                    unsafe {
                        std::ptr::copy_nonoverlapping(ptr, fresh, layout.size().min(new_size));
                        self.dealloc(ptr, layout);
                    }
                }
                fresh
            }
        }
    }
}

/// Maps `len` bytes (a multiple of [`HUGE_PAGE`]) aligned to [`HUGE_PAGE`] and asks for huge
/// pages; null if the system has no memory to give.
fn map_huge(len: usize) -> *mut u8 {
    #[cfg(target_os = "linux")]
    {
        let Some(padded) = len.checked_add(HUGE_PAGE) else {
            return std::ptr::null_mut();
        };
        // SAFETY: an anonymous private mapping at an address of the kernel's choosing touches
        // no memory of ours.
        let raw = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                padded,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        if raw == libc::MAP_FAILED {
            return std::ptr::null_mut();
        }
        let start = raw as usize;
        let aligned = (start + HUGE_PAGE - 1) & !(HUGE_PAGE - 1);
        let head = aligned - start;
        let tail = padded - head - len;
        // SAFETY: the head and tail trimmed are page-aligned parts of the mapping just made,
        // outside [aligned, aligned + len), and nothing refers to them. madvise only advises.
        unsafe {
            if head > 0 {
                libc::munmap(raw, head);
            }
            if tail > 0 {
                libc::munmap((aligned + len) as *mut libc::c_void, tail);
            }
            libc::madvise(aligned as *mut libc::c_void, len, libc::MADV_HUGEPAGE);
        }
        aligned as *mut u8
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = len;
        std::ptr::null_mut()
    }
}

/// Unmaps a mapping made by [`map_huge`].
///
/// # Safety
/// `ptr` must be the start of a live mapping of `len` bytes from [`map_huge`], unused after.
unsafe fn unmap(ptr: *mut u8, len: usize) {
    #[cfg(target_os = "linux")]
    // SAFETY: as the caller promises.
    unsafe {
        libc::munmap(ptr.cast(), len);
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (ptr, len);
}

/// The slots: a bump pointer through the current chunk, and a list of freed slots linked
/// through their first bytes.
mod slots {
    use std::sync::Mutex;

    use super::{map_huge, CHUNK, SLOT};

    struct Slots {
        /// The next never-used slot, and the end of its chunk (addresses; 0 when none).
        next: usize,
        end: usize,
        /// The most recently freed slot (0 when none); each freed slot holds the address of
        /// the one freed before it.
        free: usize,
    }

    static SLOTS: Mutex<Slots> = Mutex::new(Slots {
        next: 0,
        end: 0,
        free: 0,
    });

    /// A slot of [`SLOT`] bytes aligned to [`SLOT`], or null when out of memory.
    pub(super) fn take() -> *mut u8 {
        let mut slots = SLOTS.lock().unwrap_or_else(|e| e.into_inner());
        if slots.free != 0 {
            let slot = slots.free;
            // SAFETY: a freed slot is ours, and `give_back` wrote the next link at its start.
            slots.free = unsafe { (slot as *const usize).read() };
            return slot as *mut u8;
        }
        if slots.next == slots.end {
            let chunk = map_huge(CHUNK);
            if chunk.is_null() {
                return chunk;
            }
            slots.next = chunk as usize;
            slots.end = chunk as usize + CHUNK;
        }
        let slot = slots.next;
        slots.next += SLOT;
        slot as *mut u8
    }

    /// Keeps a slot for reuse.
    ///
    /// # Safety
    /// `slot` must come from [`take`] and not be used after.
    pub(super) unsafe fn give_back(slot: *mut u8) {
        let mut slots = SLOTS.lock().unwrap_or_else(|e| e.into_inner());
        // SAFETY: the slot is SLOT bytes aligned to SLOT, now ours again.
        unsafe { (slot as *mut usize).write(slots.free) };
        slots.free = slot as usize;
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    fn enabled() -> HugePageAlloc {
        // SAFETY: the lib tests allocate no block of SLOT/2 bytes or more through
        // HugePageAlloc other than these tests' own, which enable it before they allocate.
        unsafe { enable() };
        HugePageAlloc
    }

    fn layout(size: usize) -> Layout {
        Layout::from_size_align(size, 8).unwrap()
    }

    /// Slots are 1 MB-aligned, mappings 2 MB-aligned, small allocations go to the system, and
    /// contents survive a realloc from one class to another.
    #[test]
    fn large_allocations_are_aligned_and_realloc_keeps_contents() {
        let a = enabled();
        unsafe {
            let slot = a.alloc(layout(SLOT));
            assert_eq!(slot as usize % SLOT, 0);
            let big = a.alloc_zeroed(layout(5 << 20));
            assert_eq!(big as usize % HUGE_PAGE, 0);
            assert!(std::slice::from_raw_parts(big, 5 << 20)
                .iter()
                .all(|&b| b == 0));

            let small = a.alloc(layout(100));
            for i in 0..100 {
                small.add(i).write(i as u8);
            }
            // System → slot → same slot → mapping → system, contents kept throughout.
            let grown = a.realloc(small, layout(100), 700 << 10);
            assert_eq!(grown as usize % SLOT, 0);
            assert_eq!(a.realloc(grown, layout(700 << 10), SLOT), grown);
            let mapped = a.realloc(grown, layout(SLOT), 3 << 20);
            assert_eq!(mapped as usize % HUGE_PAGE, 0);
            assert_eq!(a.realloc(mapped, layout(3 << 20), 4 << 20), mapped);
            let shrunk = a.realloc(mapped, layout(4 << 20), 50);
            let kept: Vec<u8> = std::slice::from_raw_parts(shrunk, 50).to_vec();
            assert_eq!(kept, (0..50).collect::<Vec<u8>>());
            a.dealloc(shrunk, layout(50));
            a.dealloc(big, layout(5 << 20));

            // A freed slot is reused, and zeroed when asked for zeroed memory.
            slot.write_bytes(0xAB, SLOT);
            a.dealloc(slot, layout(SLOT));
            let again = a.alloc_zeroed(layout(SLOT));
            assert_eq!(again as usize % SLOT, 0);
            assert!(std::slice::from_raw_parts(again, SLOT)
                .iter()
                .all(|&b| b == 0));
            a.dealloc(again, layout(SLOT));
        }
    }

    /// Allocations aligned beyond a slot, and small ones, are left to the system.
    #[test]
    fn over_aligned_allocations_go_to_the_system() {
        let _ = enabled();
        assert_eq!(class_of(SLOT, 2 * SLOT), Class::System);
        assert_eq!(class_of(SLOT / 2 - 1, 8), Class::System);
        assert_eq!(class_of(SLOT / 2, 8), Class::Slot);
        assert_eq!(class_of(SLOT + 1, 8), Class::Mapping(HUGE_PAGE));
        assert_eq!(class_of(HUGE_PAGE + 1, 8), Class::Mapping(2 * HUGE_PAGE));
        assert_eq!(class_of(usize::MAX - 1, 8), Class::System);
    }
}
