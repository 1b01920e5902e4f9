package io.jvtpm.examples.boot.image;

import io.jvtpm.examples.boot.BootException;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.zip.Adler32;
import java.util.zip.CRC32;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A directory of decompressed kernels: the vmlinux inside each bzImage booted (boot.rst
 * payload_offset/payload_length), so that a later boot of the same bzImage loads it as an ELF
 * executable and enters it at {@code startup_64} instead of running the kernel's own
 * decompressor in the guest. Entries are named by the bzImage's size and two checksums, written
 * beside and renamed into place after an fsync, checked on every use, and the least recently
 * used beyond {@link #KEEP} are removed.
 */
public final class KernelCache {

    private static final Logger LOG = LoggerFactory.getLogger(KernelCache.class);

    /** Entries kept; older ones are removed when a new one is stored. */
    public static final int KEEP = 4;
    static final String SUFFIX = ".vmlinux";
    static final String TEMP_MARK = ".tmp-";
    /** A file being written that is older than this was left by a process that died. */
    static final Duration STALE_TEMP = Duration.ofHours(1);

    private final Path dir;

    public KernelCache(Path dir) {
        this.dir = dir;
    }

    public Path directory() {
        return dir;
    }

    /** {@code $XDG_CACHE_HOME/jvtpm/kernels}, else {@code $HOME/.cache/jvtpm/kernels}; empty when neither is set. */
    public static Optional<Path> defaultDirectory(Map<String, String> env) {
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isEmpty() && Path.of(xdg).isAbsolute()) {
            return Optional.of(Path.of(xdg, "jvtpm", "kernels"));
        }
        String home = env.get("HOME");
        if (home != null && !home.isEmpty() && Path.of(home).isAbsolute()) {
            return Optional.of(Path.of(home, ".cache", "jvtpm", "kernels"));
        }
        return Optional.empty();
    }

    /** A checked cache entry: the vmlinux file and its headers. */
    public record Entry(Path file, VmlinuxElf elf) {

        /** Loads the kernel's segments into guest memory; {@code memoryIsZero} when it is fresh (see {@link VmlinuxElf#load}). */
        public void load(VmlinuxElf.GuestMemoryView memory, boolean memoryIsZero) throws IOException {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                if (ch.size() != elf.fileSize()) {
                    throw new IOException(file + " changed size since it was checked");
                }
                elf.load(ch, memory, memoryIsZero);
            }
        }
    }

    /** The file name of {@code kernel}'s entry. */
    static String key(BzImage kernel) {
        byte[] b = kernel.image();
        CRC32 crc = new CRC32();
        crc.update(b);
        Adler32 adler = new Adler32();
        adler.update(b);
        return String.format("%d-%08x-%08x%s", b.length, crc.getValue(), adler.getValue(), SUFFIX);
    }

    /**
     * The entry for {@code kernel}, checked against the size its payload gives; empty when there
     * is none. An entry that does not check is removed.
     */
    public Optional<Entry> lookup(BzImage kernel) {
        Optional<KernelPayload> payload = KernelPayload.of(kernel);
        if (payload.isEmpty()) {
            return Optional.empty();
        }
        Path file = dir.resolve(key(kernel));
        VmlinuxElf elf;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            elf = VmlinuxElf.read(file.toString(), ch);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | BootException e) {
            LOG.warn("kernel cache: removing {}: {}", file, e instanceof IOException io ? describe(io) : e.getMessage());
            deleteQuietly(file);
            return Optional.empty();
        }
        if (elf.fileSize() != payload.get().uncompressedSize()) {
            LOG.warn("kernel cache: removing {}: {} bytes, the kernel's payload decompresses to {}", file, elf.fileSize(),
                    payload.get().uncompressedSize());
            deleteQuietly(file);
            return Optional.empty();
        }
        try {
            Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
        } catch (IOException e) {
            LOG.debug("kernel cache: cannot mark {} as used: {}", file, e.getMessage());
        }
        return Optional.of(new Entry(file, elf));
    }

    /**
     * Decompresses {@code kernel}'s payload into the cache and returns the new entry; empty when
     * the bzImage has no payload jvtpm can decompress (see {@link KernelPayload.Format#supported()}).
     * The file is written beside its final name, fsynced and renamed, so an interrupted store
     * leaves no entry.
     *
     * @param cancelled polled while writing; when it turns true the store stops with an {@link InterruptedIOException}
     * @throws IOException when the directory cannot be written or the payload is corrupt
     */
    public Optional<Entry> store(BzImage kernel, BooleanSupplier cancelled) throws IOException {
        Optional<KernelPayload> payload = KernelPayload.of(kernel);
        if (payload.isEmpty() || !payload.get().format().supported()) {
            LOG.debug("kernel cache: {} has no gzip or xz payload ({}); not stored", kernel.name(),
                    payload.map(p -> p.format().toString()).orElse("none"));
            return Optional.empty();
        }
        Files.createDirectories(dir);
        String name = key(kernel);
        Path file = dir.resolve(name);
        Path temp = dir.resolve(name + TEMP_MARK + ProcessHandle.current().pid());
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(new Cancellable(Channels.newOutputStream(ch), cancelled), 1 << 16);
                payload.get().decompressTo(out);
                out.flush();
                ch.force(true);
            }
            VmlinuxElf elf;
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.READ)) {
                elf = VmlinuxElf.read(kernel.name() + "'s payload", ch);
            } catch (BootException e) {
                throw new IOException(e.getMessage(), e);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectory();
            prune(name);
            return Optional.of(new Entry(file, elf));
        } finally {
            deleteQuietly(temp);
        }
    }

    /** One line for a file-system error: the JDK's messages for these name only the file. */
    public static String describe(IOException e) {
        if (e instanceof AccessDeniedException a) {
            return "permission denied: " + a.getFile();
        }
        if (e instanceof NoSuchFileException n) {
            return "no such file or directory: " + n.getFile();
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason() + ": " + f.getFile();
        }
        if (e instanceof FileSystemException f) {
            return e.getClass().getSimpleName().replace("Exception", "") + ": " + f.getFile();
        }
        return e.getMessage();
    }

    /** Removes all but the {@link #KEEP} most recently used entries, and files of stores that died. */
    void prune(String keep) {
        List<Path> entries = new ArrayList<>();
        Instant staleBefore = Instant.now().minus(STALE_TEMP);
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (n.endsWith(SUFFIX)) {
                    entries.add(p);
                } else if (n.contains(SUFFIX + TEMP_MARK) && Files.getLastModifiedTime(p).toInstant().isBefore(staleBefore)) {
                    deleteQuietly(p);
                }
            }
        } catch (IOException e) {
            LOG.debug("kernel cache: cannot list {}: {}", dir, e.getMessage());
            return;
        }
        entries.removeIf(p -> p.getFileName().toString().equals(keep));
        entries.sort(Comparator.comparing(KernelCache::modified).reversed());
        for (Path p : entries.subList(Math.min(entries.size(), KEEP - 1), entries.size())) {
            LOG.debug("kernel cache: removing the least recently used {}", p);
            deleteQuietly(p);
        }
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private void syncDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            LOG.debug("kernel cache: cannot fsync {}: {}", dir, e.getMessage());
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.debug("kernel cache: cannot remove {}: {}", p, e.getMessage());
        }
    }

    /** Stops a write when the store is cancelled. */
    private static final class Cancellable extends FilterOutputStream {
        private final BooleanSupplier cancelled;

        Cancellable(OutputStream out, BooleanSupplier cancelled) {
            super(out);
            this.cancelled = cancelled;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (cancelled.getAsBoolean()) {
                throw new InterruptedIOException("kernel cache store cancelled");
            }
            out.write(b, off, len);
        }
    }
}
