//! A global allocator that backs large allocations with transparent huge pages (the binary's;
//! not part of the library).
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
//! New large allocations go there only once [`HugePageAlloc::enable`] is called (the binary
//! calls it for `index`): a short-lived search process gains nothing from huge pages and pays
//! for zeroing 2 MB at each first touch. Where a block is freed is decided by its address, not
//! by that switch: the chunks and mappings made here are registered, and a block that is in
//! none of them goes back to the system allocator. So a block allocated before the switch and
//! freed after it (an argument vector of tens of thousands of paths) is freed where it came
//! from. Elsewhere than Linux, everything goes to the system allocator.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// The size of a huge page on x86-64 and most aarch64 Linux systems.
pub const HUGE_PAGE: usize = 2 << 20;
/// The size of a slot: allocations from half of this to this share huge pages.
pub const SLOT: usize = 1 << 20;
/// How much address space is mapped at once for slots (memory is only used once touched).
pub const CHUNK: usize = 32 << 20;

/// The allocator; see the module documentation.
#[derive(Debug, Default)]
pub struct HugePageAlloc {
    /// Whether new large allocations go to huge pages.
    enabled: AtomicBool,
}

impl HugePageAlloc {
    /// An allocator that sends everything to the system allocator until [`Self::enable`].
    pub const fn new() -> Self {
        Self {
            enabled: AtomicBool::new(false),
        }
    }

    /// Sends this allocator's new large allocations to huge pages from now on. Blocks already
    /// allocated are freed where they came from (by address), so this may be called at any
    /// time.
    pub fn enable(&self) {
        self.enabled.store(true, Ordering::Release);
    }

    /// Where a new allocation of this layout goes.
    fn class_for_new(&self, size: usize, align: usize) -> Class {
        if self.enabled.load(Ordering::Acquire) {
            class_of(size, align)
        } else {
            Class::System
        }
    }
}

/// Where an allocation of some layout is served from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    System,
    Slot,
    /// A mapping of its own, of this many bytes (a multiple of [`HUGE_PAGE`]).
    Mapping(usize),
}

/// Where an allocation of this layout goes when huge pages are on.
fn class_of(size: usize, align: usize) -> Class {
    if !cfg!(target_os = "linux") || size < SLOT / 2 || align > SLOT {
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
        match self.class_for_new(layout.size(), layout.align()) {
            // SAFETY: the caller's layout is passed on unchanged.
            Class::System => unsafe { System.alloc(layout) },
            Class::Slot => slots::take(),
            Class::Mapping(len) => map_block(len),
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        match self.class_for_new(layout.size(), layout.align()) {
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
            Class::Mapping(len) => map_block(len),
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        match class_of_block(ptr, layout) {
            // SAFETY: `ptr` is in no chunk or mapping of ours, so it came from System.alloc with
            // this layout.
            Class::System => unsafe { System.dealloc(ptr, layout) },
            // SAFETY: `ptr` is a slot handed out by `slots::take` and no longer used.
            Class::Slot => unsafe { slots::give_back(ptr) },
            // SAFETY: `ptr` is the start of a registered mapping of `len` bytes made by
            // `map_block` for a block of this size.
            Class::Mapping(len) => unsafe {
                mappings::remove(ptr as usize);
                unmap(ptr, len)
            },
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let old = class_of_block(ptr, layout);
        let new = self.class_for_new(new_size, layout.align());
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

/// Where a live block was served from, told by its address: a slot if it lies in one of the
/// slot chunks, a mapping if it starts one of the registered mappings, else the system.
fn class_of_block(ptr: *mut u8, layout: Layout) -> Class {
    match class_of(layout.size(), layout.align()) {
        Class::Slot if slots::owns(ptr) => Class::Slot,
        Class::Mapping(len) if mappings::contains(ptr as usize) => Class::Mapping(len),
        _ => Class::System,
    }
}

/// Maps `len` bytes (a multiple of [`HUGE_PAGE`]) for one large block and registers it; null
/// if the system has no memory to give or the registry is full (the caller then gets null, as
/// from any allocator out of memory, never an unregistered mapping).
fn map_block(len: usize) -> *mut u8 {
    let ptr = map_huge(len);
    if ptr.is_null() || mappings::insert(ptr as usize) {
        ptr
    } else {
        // SAFETY: the mapping was just made and nothing refers to it.
        unsafe { unmap(ptr, len) };
        std::ptr::null_mut()
    }
}

/// The registry of the large blocks' mappings: an open-addressing set of their start
/// addresses in static memory (no allocation inside the allocator), lock-free.
mod mappings {
    use super::{AtomicUsize, Ordering, HUGE_PAGE};

    /// How many mappings can be live at once (each at least 2 MB: 128 GB in all).
    const CAPACITY: usize = 1 << 16;
    const EMPTY: usize = 0;
    /// A removed entry: lookups go on past it, inserts may reuse it.
    const REMOVED: usize = 1;

    static TABLE: [AtomicUsize; CAPACITY] = [const { AtomicUsize::new(EMPTY) }; CAPACITY];

    /// The probe sequence's start for an address (2 MB-aligned, so its low bits carry nothing).
    fn home(addr: usize) -> usize {
        ((addr / HUGE_PAGE).wrapping_mul(0x9E37_79B9_7F4A_7C15)) % CAPACITY
    }

    /// Registers a mapping's start; false when the table is full.
    pub(super) fn insert(addr: usize) -> bool {
        let start = home(addr);
        for i in 0..CAPACITY {
            let entry = &TABLE[(start + i) % CAPACITY];
            let current = entry.load(Ordering::Acquire);
            if (current == EMPTY || current == REMOVED)
                && entry
                    .compare_exchange(current, addr, Ordering::AcqRel, Ordering::Acquire)
                    .is_ok()
            {
                return true;
            }
        }
        false
    }

    /// Whether `addr` starts a registered mapping.
    pub(super) fn contains(addr: usize) -> bool {
        find(addr).is_some()
    }

    /// Forgets a registered mapping.
    pub(super) fn remove(addr: usize) {
        if let Some(entry) = find(addr) {
            entry.store(REMOVED, Ordering::Release);
        }
    }

    fn find(addr: usize) -> Option<&'static AtomicUsize> {
        if addr <= REMOVED {
            return None;
        }
        let start = home(addr);
        for i in 0..CAPACITY {
            let entry = &TABLE[(start + i) % CAPACITY];
            match entry.load(Ordering::Acquire) {
                EMPTY => return None,
                found if found == addr => return Some(entry),
                _ => {}
            }
        }
        None
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
    use std::sync::atomic::{AtomicUsize, Ordering};
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

    /// How many chunks can be made (each [`CHUNK`] bytes: 32 GB of slots in all).
    const MAX_CHUNKS: usize = 1024;
    /// The chunks' start addresses, in the order they were made; only the first
    /// [`CHUNK_COUNT`] are set. Chunks are never unmapped, so an entry never changes once set.
    static CHUNKS: [AtomicUsize; MAX_CHUNKS] = [const { AtomicUsize::new(0) }; MAX_CHUNKS];
    static CHUNK_COUNT: AtomicUsize = AtomicUsize::new(0);

    /// Whether `ptr` lies in one of the slot chunks.
    pub(super) fn owns(ptr: *mut u8) -> bool {
        let addr = ptr as usize;
        let count = CHUNK_COUNT.load(Ordering::Acquire);
        CHUNKS[..count].iter().any(|chunk| {
            let start = chunk.load(Ordering::Acquire);
            (start..start + CHUNK).contains(&addr)
        })
    }

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
            let count = CHUNK_COUNT.load(Ordering::Acquire);
            if count == MAX_CHUNKS {
                return std::ptr::null_mut();
            }
            let chunk = map_huge(CHUNK);
            if chunk.is_null() {
                return chunk;
            }
            // Registered before any slot of it is handed out; the lock orders the writers.
            CHUNKS[count].store(chunk as usize, Ordering::Release);
            CHUNK_COUNT.store(count + 1, Ordering::Release);
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
        let a = HugePageAlloc::new();
        a.enable();
        a
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
            assert!(slots::owns(slot));
            let big = a.alloc_zeroed(layout(5 << 20));
            assert_eq!(big as usize % HUGE_PAGE, 0);
            assert!(mappings::contains(big as usize));
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
            assert!(!mappings::contains(mapped as usize));
            let kept: Vec<u8> = std::slice::from_raw_parts(shrunk, 50).to_vec();
            assert_eq!(kept, (0..50).collect::<Vec<u8>>());
            a.dealloc(shrunk, layout(50));
            a.dealloc(big, layout(5 << 20));
            assert!(!mappings::contains(big as usize));

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

    /// Large blocks allocated before huge pages are switched on are freed (and grown) through
    /// the system allocator after it, and blocks allocated after it through their own paths
    /// whatever the switch says then: the path is the block's address, not the switch.
    #[test]
    fn blocks_are_freed_where_they_came_from_across_the_switch() {
        let a = HugePageAlloc::new();
        unsafe {
            let early_slot_sized = a.alloc(layout(SLOT));
            let early_big = a.alloc(layout(3 << 20));
            let early_grown = a.alloc(layout(600 << 10));
            assert!(!slots::owns(early_slot_sized));
            assert!(!mappings::contains(early_big as usize));
            early_slot_sized.write_bytes(1, SLOT);
            early_big.write_bytes(2, 3 << 20);
            early_grown.write(7);
            a.enable();
            let late = a.alloc(layout(SLOT));
            assert!(slots::owns(late));
            let grown = a.realloc(early_grown, layout(600 << 10), 5 << 20);
            assert_eq!(grown.read(), 7);
            assert!(mappings::contains(grown as usize));
            a.dealloc(early_slot_sized, layout(SLOT));
            a.dealloc(early_big, layout(3 << 20));
            a.dealloc(grown, layout(5 << 20));
            a.dealloc(late, layout(SLOT));
        }
    }

    /// Allocations aligned beyond a slot, and small ones, are left to the system.
    #[test]
    fn over_aligned_allocations_go_to_the_system() {
        assert_eq!(class_of(SLOT, 2 * SLOT), Class::System);
        assert_eq!(class_of(SLOT / 2 - 1, 8), Class::System);
        assert_eq!(class_of(SLOT / 2, 8), Class::Slot);
        assert_eq!(class_of(SLOT + 1, 8), Class::Mapping(HUGE_PAGE));
        assert_eq!(class_of(HUGE_PAGE + 1, 8), Class::Mapping(2 * HUGE_PAGE));
        assert_eq!(class_of(usize::MAX - 1, 8), Class::System);
        assert_eq!(HugePageAlloc::new().class_for_new(SLOT, 8), Class::System);
    }
}
