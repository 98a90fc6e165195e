//! Reading and copying whole small files with few system calls. A 10,000-page build reads
//! 10,000 sources and copies 10,000 social cards: the standard library's `read_to_end` on a
//! file asks its size and position again (two calls more per file), and `fs::copy` from
//! another file system tries a kernel copy, falls back to `sendfile` twice and copies the
//! permissions (five calls more). On one file system the kernel copy works (and shares the
//! blocks where the file system can), so it is used there.
//!
//! [`Dir`] makes files and folders by names relative to a folder held open: at 50,000 pages
//! a third of the kernel's time opening files went to walking names, each of which started
//! with the same folders.

use std::fs::File;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// Files up to this size are copied through memory; larger ones (videos, PDFs) by the
/// kernel, without holding them.
pub const SMALL_COPY: u64 = 1 << 20;

/// The rest of the open `file`, which its metadata said is `len` bytes long, in a buffer of
/// its own ([`read_into`] a new one).
pub fn read_rest(file: &mut File, len: u64) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    let read = read_into(file, len, &mut bytes)?.len();
    bytes.truncate(read);
    Ok(bytes)
}

thread_local! {
    /// Each thread's buffer for the small files it copies.
    static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The rest of the open `file`, which its metadata said is `len` bytes long, read into
/// `buffer` (grown as needed, never shrunk): one read fills it, one more finds the end (a
/// file that grew or shrank meanwhile is read whole all the same).
pub fn read_into<'b>(file: &mut File, len: u64, buffer: &'b mut Vec<u8>) -> io::Result<&'b [u8]> {
    // room for the end to be found at once
    let room = usize::try_from(len).unwrap_or(0).saturating_add(1);
    if buffer.len() < room {
        buffer.resize(room, 0);
    }
    let mut filled = 0;
    loop {
        if filled == buffer.len() {
            buffer.resize(buffer.len() * 2, 0);
        }
        match file.read(&mut buffer[filled..]) {
            Ok(0) => return Ok(&buffer[..filled]),
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// Copies the file `from` to a new file `rel` in `to` (replacing one there) on the file
/// system `to_device` names (a device number, [`device`]; `None` when not known). A small
/// file from another file system is copied through memory, its contents only (the copy has
/// the default permissions of a new file); others by `fs::copy`. Returns the bytes copied.
pub fn copy(from: &Path, to: &Dir, rel: &Path, to_device: Option<u64>) -> io::Result<u64> {
    let mut file = File::open(from)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        // its error says what the source is instead
        drop(file);
        return std::fs::copy(from, to.path().join(rel));
    }
    let here = device(&meta).is_some_and(|d| Some(d) == to_device);
    if !here && meta.len() <= SMALL_COPY {
        // through the thread's own buffer, zeroed only when it grows (a fresh one per file
        // was 625 MB zeroed at 50,000 pages, the social cards)
        return BUFFER.with_borrow_mut(|buffer| {
            let bytes = read_into(&mut file, meta.len(), buffer)?;
            to.create(rel)?.write_all(bytes)?;
            Ok(bytes.len() as u64)
        });
    }
    // what `fs::copy` does, from the file already open: the kernel copy (`io::copy` between
    // two files), then the source's permissions
    let mut out = to.create(rel)?;
    let copied = io::copy(&mut file, &mut out)?;
    out.set_permissions(meta.permissions())?;
    Ok(copied)
}

/// A folder held open, in which files and folders are made by names relative to it (Unix:
/// `openat`, `mkdirat`), so the kernel walks only the part of each name below it. Elsewhere
/// the names are joined to its path. A relative name is taken as `Path::join` takes it: an
/// absolute one names that file instead, as before.
#[derive(Debug)]
pub struct Dir {
    path: PathBuf,
    #[cfg(unix)]
    fd: File,
}

impl Dir {
    /// The folder at `path`, held open.
    pub fn open(path: &Path) -> io::Result<Dir> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            let fd = std::fs::OpenOptions::new().read(true).custom_flags(libc::O_DIRECTORY).open(path)?;
            Ok(Dir { path: path.to_path_buf(), fd })
        }
        #[cfg(not(unix))]
        Ok(Dir { path: path.to_path_buf() })
    }

    /// The folder's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A new file `rel` for writing, emptied if it is there (as `File::create`).
    pub fn create(&self, rel: &Path) -> io::Result<File> {
        #[cfg(unix)]
        {
            use std::os::fd::{AsRawFd, FromRawFd};
            let name = c_name(rel)?;
            let flags = libc::O_WRONLY | libc::O_CREAT | libc::O_TRUNC | libc::O_CLOEXEC;
            // SAFETY: `name` is a NUL-terminated string that outlives the call, and the folder's
            // descriptor is open while `self` is; a descriptor returned is ours alone to own
            let fd = unsafe { libc::openat(self.fd.as_raw_fd(), name.as_ptr(), flags, 0o666 as libc::c_uint) };
            if fd < 0 {
                return Err(io::Error::last_os_error());
            }
            // SAFETY: `fd` was just opened and nothing else holds it
            Ok(unsafe { File::from_raw_fd(fd) })
        }
        #[cfg(not(unix))]
        File::create(self.path.join(rel))
    }

    /// A new folder `rel` (its parent must be there; one already there is an `AlreadyExists`
    /// error, as `fs::create_dir`).
    pub fn create_dir(&self, rel: &Path) -> io::Result<()> {
        #[cfg(unix)]
        {
            use std::os::fd::AsRawFd;
            let name = c_name(rel)?;
            // SAFETY: as in `create`; no descriptor is returned
            if unsafe { libc::mkdirat(self.fd.as_raw_fd(), name.as_ptr(), 0o777) } < 0 {
                return Err(io::Error::last_os_error());
            }
            Ok(())
        }
        #[cfg(not(unix))]
        std::fs::create_dir(self.path.join(rel))
    }

    /// The folder `rel` and those above it below this one, as `fs::create_dir_all`: each made
    /// where missing, one already there taken as it is.
    pub fn create_dir_all(&self, rel: &Path) -> io::Result<()> {
        if rel.as_os_str().is_empty() {
            return Ok(());
        }
        match self.create_dir(rel) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                self.create_dir_all(rel.parent().unwrap_or(Path::new("")))?;
                match self.create_dir(rel) {
                    Err(e) if e.kind() != io::ErrorKind::AlreadyExists => Err(e),
                    _ => Ok(()),
                }
            }
            Err(e) => Err(e),
        }
    }
}

/// A path as the C string system calls take (a name with a NUL byte cannot be a file's).
#[cfg(unix)]
fn c_name(rel: &Path) -> io::Result<std::ffi::CString> {
    use std::os::unix::ffi::OsStrExt;
    std::ffi::CString::new(rel.as_os_str().as_bytes())
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "a file name with a NUL byte"))
}

/// The device number of the file system holding a file (`None` where the system has none).
pub fn device(meta: &std::fs::Metadata) -> Option<u64> {
    #[cfg(unix)]
    return Some(std::os::unix::fs::MetadataExt::dev(meta));
    #[cfg(not(unix))]
    return None;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_and_large_files_are_copied_whole() {
        let dir = tempfile::tempdir().unwrap();
        let into = Dir::open(dir.path()).unwrap();
        for (name, len) in [("empty", 0usize), ("small", 15_000), ("edge", SMALL_COPY as usize), ("large", 3 << 20)] {
            let from = dir.path().join(name);
            let bytes: Vec<u8> = (0..len).map(|i| (i * 7 % 251) as u8).collect();
            std::fs::write(&from, &bytes).unwrap();
            // a file already there is replaced
            let rel = format!("{name}.copy");
            let to = dir.path().join(&rel);
            // through memory (another file system) and by the kernel (this one)
            let here = device(&std::fs::metadata(dir.path()).unwrap());
            for to_device in [None, here] {
                std::fs::write(&to, b"previous contents, longer than the empty file").unwrap();
                assert_eq!(copy(&from, &into, Path::new(&rel), to_device).unwrap(), len as u64, "{name}");
                assert_eq!(std::fs::read(&to).unwrap(), bytes, "{name}");
            }
        }
        // which way was taken shows in the permissions: only `fs::copy` copies them
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            let from = dir.path().join("small");
            std::fs::set_permissions(&from, std::fs::Permissions::from_mode(0o604)).unwrap();
            let fresh = dir.path().join("fresh");
            std::fs::write(&fresh, b"").unwrap();
            let here = device(&std::fs::metadata(dir.path()).unwrap());
            for (to_device, expected) in [(here, 0o604), (None, mode(&fresh))] {
                let to = dir.path().join("moded");
                let _ = std::fs::remove_file(&to);
                copy(&from, &into, Path::new("moded"), to_device).unwrap();
                assert_eq!(mode(&to), expected, "{to_device:?}");
            }
        }
        assert!(copy(&dir.path().join("missing"), &into, Path::new("x"), None).is_err());
        assert!(!dir.path().join("x").exists(), "nothing is made when the source is missing");
    }

    #[test]
    fn a_folder_held_open_makes_files_and_folders_below_it() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("root");
        std::fs::create_dir(&root).unwrap();
        let held = Dir::open(&root).unwrap();
        // nested folders made at once, again without complaint, and a file in them
        held.create_dir_all(Path::new("a/b/c")).unwrap();
        held.create_dir_all(Path::new("a/b/c")).unwrap();
        held.create_dir_all(Path::new("")).unwrap();
        assert!(root.join("a/b/c").is_dir());
        held.create(Path::new("a/b/c/index.html")).unwrap().write_all(b"first, longer").unwrap();
        // a file there is emptied and written again
        held.create(Path::new("a/b/c/index.html")).unwrap().write_all(b"second").unwrap();
        assert_eq!(std::fs::read(root.join("a/b/c/index.html")).unwrap(), b"second");
        // one folder at a time: its parent must be there, and it must not be there already
        assert_eq!(held.create_dir(Path::new("x/y")).unwrap_err().kind(), io::ErrorKind::NotFound);
        assert_eq!(held.create_dir(Path::new("a")).unwrap_err().kind(), io::ErrorKind::AlreadyExists);
        // a file cannot be made where its folder is missing, nor where a folder is
        assert!(held.create(Path::new("missing/f")).is_err());
        assert!(held.create(Path::new("a")).is_err());
        // a folder renamed while held: names stay below it (the descriptor follows it)
        let moved = dir.path().join("moved");
        std::fs::rename(&root, &moved).unwrap();
        held.create(Path::new("after")).unwrap();
        #[cfg(unix)]
        assert!(moved.join("after").is_file());
        assert!(Dir::open(&dir.path().join("nothing")).is_err());
    }

    proptest::proptest! {
        /// Any contents, any size said at open time (a file saved while it is read): the
        /// whole file, nothing more.
        #[test]
        fn any_file_is_read_whole_whatever_size_was_said(
            bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..40_000),
            said in 0u64..80_000,
        ) {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("f");
            std::fs::write(&path, &bytes).unwrap();
            let mut f = File::open(&path).unwrap();
            proptest::prop_assert_eq!(&read_rest(&mut f, said).unwrap()[..], &bytes[..]);
            // into a buffer that held a longer or shorter file before: this file alone
            let mut buffer = vec![7; said as usize % 50_000];
            let mut f = File::open(&path).unwrap();
            proptest::prop_assert_eq!(read_into(&mut f, said, &mut buffer).unwrap(), &bytes[..]);
        }
    }

    #[test]
    fn a_file_read_is_read_to_its_end_whatever_its_size_was_said_to_be() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        let bytes: Vec<u8> = (0..70_000u32).map(|i| (i % 253) as u8).collect();
        std::fs::write(&path, &bytes).unwrap();
        // the size said at open time may be stale: the file is still read to its end
        for said in [0, 10, 70_000, 1 << 20] {
            let mut f = File::open(&path).unwrap();
            assert_eq!(read_rest(&mut f, said).unwrap(), bytes, "{said}");
        }
    }
}
