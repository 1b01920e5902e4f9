package io.jvtpm.ppi.op;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.zip.CRC32;

/**
 * The PP-required flags (TCG PPI 1.3) in a small text file {@code ppi-flags} in a state
 * directory. The file has three lines:
 * <pre>
 * jvtpm-ppi-flags 1
 * pp-required clear change-pcrs change-eps
 * crc32 1a2b3c4d
 * </pre>
 * where the CRC-32 covers the first two lines (with their line feeds). Writes go to a temporary
 * file that is flushed to disk and renamed over the old one, so a crash leaves either the old or
 * the new flags; a file that does not parse or whose CRC does not match is reported, never
 * replaced silently.
 */
public final class FilePpFlagStore implements PpFlagStore {

    /** The file's name inside the state directory. */
    public static final String FILE_NAME = "ppi-flags";

    private static final String MAGIC = "jvtpm-ppi-flags 1";
    private static final String FLAGS_KEY = "pp-required";
    private static final String CRC_KEY = "crc32";

    private final Path directory;
    private final Path file;

    FilePpFlagStore(Path directory) {
        this.directory = java.util.Objects.requireNonNull(directory, "directory");
        this.file = directory.resolve(FILE_NAME);
    }

    /** The file this store reads and writes. */
    public Path file() {
        return file;
    }

    @Override
    public synchronized PpFlags load() {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return PpFlags.DEFAULT;
        } catch (IOException e) {
            throw new PpFlagStoreException("cannot read PPI flags file " + file + ": " + e.getMessage(), e);
        }
        return parse(text);
    }

    private PpFlags parse(String text) {
        String[] lines = text.split("\n", -1);
        if (lines.length != 4 || !lines[3].isEmpty() || !lines[0].equals(MAGIC)) {
            throw corrupt("not a jvtpm PPI flags file");
        }
        String body = lines[0] + "\n" + lines[1] + "\n";
        String[] crcLine = lines[2].split(" ");
        if (crcLine.length != 2 || !crcLine[0].equals(CRC_KEY)) {
            throw corrupt("no crc32 line");
        }
        if (!crcLine[1].equals(crcHex(body))) {
            throw corrupt("crc32 mismatch (torn or edited file)");
        }
        String[] flagLine = lines[1].split(" ");
        if (!flagLine[0].equals(FLAGS_KEY)) {
            throw corrupt("no pp-required line");
        }
        EnumSet<PpFlag> set = EnumSet.noneOf(PpFlag.class);
        for (int i = 1; i < flagLine.length; i++) {
            PpFlag f = PpFlag.ofKey(flagLine[i]);
            if (f == null) {
                throw corrupt("unknown flag '" + flagLine[i] + "'");
            }
            set.add(f);
        }
        return new PpFlags(set);
    }

    private PpFlagStoreException corrupt(String why) {
        return new PpFlagStoreException("PPI flags file " + file + " is corrupt: " + why);
    }

    @Override
    public synchronized void save(PpFlags flags) {
        String body = MAGIC + "\n" + flagLine(flags) + "\n";
        String text = body + CRC_KEY + " " + crcHex(body) + "\n";
        Path tmp = null;
        try {
            Files.createDirectories(directory);
            tmp = Files.createTempFile(directory, FILE_NAME, ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
                while (bytes.hasRemaining()) {
                    ch.write(bytes);
                }
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
            syncDirectory();
        } catch (IOException e) {
            throw new PpFlagStoreException("cannot write PPI flags file " + file + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the temporary file is left behind; the flags file itself is unchanged
                }
            }
        }
    }

    private void syncDirectory() {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // some file systems cannot open a directory for syncing; the rename itself is done
        }
    }

    private static String flagLine(PpFlags flags) {
        StringJoiner j = new StringJoiner(" ");
        j.add(FLAGS_KEY);
        for (PpFlag f : PpFlag.values()) {
            if (flags.has(f)) {
                j.add(f.key());
            }
        }
        return j.toString();
    }

    private static String crcHex(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        return String.format(Locale.ROOT, "%08x", crc.getValue());
    }
}
