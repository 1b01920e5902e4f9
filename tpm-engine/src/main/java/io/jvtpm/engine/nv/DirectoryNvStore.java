package io.jvtpm.engine.nv;

import io.jvtpm.engine.TpmBackendException;
import io.jvtpm.engine.TpmStateException;
import io.jvtpm.engine.platform.NvStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * An {@link NvStore} in a directory, one file per blob. A write goes to a temp file that is
 * fsynced, renamed over the old file, and the directory fsynced: a crash at any point leaves
 * either the old or the new file whole.
 */
public final class DirectoryNvStore implements NvStore {
    private final Path dir;

    private DirectoryNvStore(Path dir) {
        this.dir = dir;
    }

    /**
     * Opens (creating if needed) the state directory.
     *
     * @throws TpmStateException when it cannot be created or is not a writable directory
     */
    public static DirectoryNvStore open(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new TpmStateException("state directory " + dir + ": cannot create it (" + e.getMessage() + ")", e);
        }
        if (!Files.isDirectory(dir)) {
            throw new TpmStateException("state directory " + dir + ": not a directory");
        }
        if (!Files.isWritable(dir) || !Files.isReadable(dir)) {
            throw new TpmStateException("state directory " + dir + ": not readable and writable");
        }
        return new DirectoryNvStore(dir);
    }

    @Override
    public byte[] load(String name) {
        Path f = dir.resolve(name);
        try {
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
        Path tmp = dir.resolve(name + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
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
