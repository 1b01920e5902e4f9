package io.jvtpm.engine.nv;

import io.jvtpm.engine.TpmBackendException;
import io.jvtpm.engine.TpmStateException;
import io.jvtpm.engine.platform.NvStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link NvStore} in a directory, one file per blob: the TPM's NV, whose seeds, proofs and
 * authorization values are Shielded Locations (TPM 2.0 Library Part 1, 10.3). The directory is mode 0700 and
 * every file in it 0600, given at creation (a temp file is never wider either). A directory that
 * exists with group or other bits is tightened to 0700 with a warning, as is a state file wider
 * than 0600; one this user cannot tighten is refused. A write goes to a temp file that is
 * fsynced, renamed over the old file, and the directory fsynced: a crash at any point leaves
 * either the old or the new file whole. A write at an offset ({@link #write(String, int, byte[])})
 * overwrites octets in place and syncs the file's data before it returns.
 */
public final class DirectoryNvStore implements NvStore {
    private static final Logger LOG = LoggerFactory.getLogger(DirectoryNvStore.class);
    /** The state directory's mode: its owner only. */
    public static final Set<PosixFilePermission> DIRECTORY_MODE = PosixFilePermissions.fromString("rwx------");
    /** A state file's mode: its owner only. */
    public static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    private static final String TEMP_SUFFIX = ".tmp";

    private final Path dir;
    private final boolean posix;

    private DirectoryNvStore(Path dir, boolean posix) {
        this.dir = dir;
        this.posix = posix;
    }

    /**
     * Opens the state directory, creating it (mode 0700, its parents as the umask says) if needed;
     * one with group or other bits is tightened to 0700 with a warning.
     *
     * @throws TpmStateException when it cannot be created, is not a writable directory, or is
     *     wider than 0700 and cannot be tightened
     */
    public static DirectoryNvStore open(Path dir) {
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            create(dir, posix);
        }
        if (!Files.isDirectory(dir)) {
            throw new TpmStateException("state directory " + dir + ": not a directory");
        }
        if (!Files.isWritable(dir) || !Files.isReadable(dir)) {
            throw new TpmStateException("state directory " + dir + ": not readable and writable");
        }
        DirectoryNvStore store = new DirectoryNvStore(dir, posix);
        if (posix) {
            store.tighten(dir, DIRECTORY_MODE, "state directory");
        }
        return store;
    }

    private static void create(Path dir, boolean posix) {
        try {
            Path parent = dir.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (posix) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIRECTORY_MODE));
            } else {
                Files.createDirectory(dir);
            }
        } catch (FileAlreadyExistsException e) {
            // another process made it meanwhile (or it is a file): the checks after this say which
        } catch (IOException e) {
            throw new TpmStateException("state directory " + dir + ": cannot create it (" + e.getMessage() + ")", e);
        }
    }

    /** Takes group and other bits off {@code p}, with a warning when it had any. */
    private void tighten(Path p, Set<PosixFilePermission> mode, String what) {
        try {
            Set<PosixFilePermission> now = Files.getPosixFilePermissions(p);
            Set<PosixFilePermission> wide = EnumSet.copyOf(now);
            wide.removeAll(mode);
            if (wide.isEmpty()) {
                return;
            }
            Set<PosixFilePermission> tight = EnumSet.copyOf(now);
            tight.retainAll(mode);
            Files.setPosixFilePermissions(p, tight);
            LOG.warn("{} {} was mode {}; now {} (the TPM's secrets are for its owner only)", what, p,
                    PosixFilePermissions.toString(now), PosixFilePermissions.toString(tight));
        } catch (IOException | SecurityException e) {
            throw new TpmStateException(what + " " + p + ": readable by other users and cannot be made private ("
                    + e.getMessage() + ")", e);
        }
    }

    @Override
    public byte[] load(String name) {
        Path f = dir.resolve(name);
        try {
            if (posix && Files.exists(f)) {
                tighten(f, FILE_MODE, "state file");
            }
            return Files.readAllBytes(f);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new TpmStateException("state file " + f + ": cannot read it (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public void store(String name, byte[] data) {
        Path f = dir.resolve(name);
        Path tmp = dir.resolve(name + TEMP_SUFFIX);
        try {
            // a temp file left by a crash may be of any mode: a new one is created 0600
            Files.deleteIfExists(tmp);
            try (FileChannel ch = posix
                    ? FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), fileMode())
                    : FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.wrap(data);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new TpmBackendException("state directory " + dir + ": no atomic rename", e);
            }
            syncDir();
        } catch (IOException e) {
            throw new TpmBackendException("state file " + f + ": cannot write it (" + e.getMessage() + ")", e);
        }
    }

    /** Overwrites in place and fdatasyncs the file before returning. */
    @Override
    public void write(String name, int offset, byte[] data) {
        Path f = dir.resolve(name);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            if (offset < 0 || offset > ch.size() - data.length) {
                throw new IllegalArgumentException("state file " + f + ": no octets " + offset + "+" + data.length);
            }
            ByteBuffer b = ByteBuffer.wrap(data);
            long at = offset;
            while (b.hasRemaining()) {
                at += ch.write(b, at);
            }
            ch.force(false);
        } catch (IOException e) {
            throw new TpmBackendException("state file " + f + ": cannot write it (" + e.getMessage() + ")", e);
        }
    }

    private static FileAttribute<Set<PosixFilePermission>> fileMode() {
        return PosixFilePermissions.asFileAttribute(FILE_MODE);
    }

    @Override
    public void delete(String name) {
        Path f = dir.resolve(name);
        try {
            if (Files.deleteIfExists(f)) {
                syncDir();
            }
        } catch (IOException e) {
            throw new TpmBackendException("state file " + f + ": cannot delete it (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public String describe(String name) {
        return dir.resolve(name).toString();
    }

    private void syncDir() throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // some file systems cannot open a directory for sync; the rename is still atomic there
            if (!(e instanceof java.nio.file.AccessDeniedException)) {
                throw e;
            }
        }
    }
}
