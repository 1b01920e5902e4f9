package io.jvtpm.engine.nv;

import io.jvtpm.engine.TpmStateException;
import io.jvtpm.engine.nv.index.NvIndex;
import io.jvtpm.engine.nv.index.NvIndices;
import io.jvtpm.engine.platform.NvStore;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NV write journal beside the permanent state (TPM 2.0 Library Part 1, 37.2: an NV index's data
 * is in NV before the command's response): a write to a non-ORDERLY index adds one record, the
 * index's attributes and data as they now are, and syncs it, instead of rewriting the whole
 * permanent state. The journal names the permanent state file it extends by that file's
 * SHA-256; when the permanent state is written again it holds every journalled change and the
 * journal no longer matches it, so it is ignored (and replaced by the next write's). The file is
 * made whole at its full size ({@link #LIMIT}, zeros after the records) and each record is
 * written over those zeros in place, so syncing it is a data write alone: no block allocation
 * or length change for the file system to commit (as a database's preallocated write-ahead log).
 * Records carry a sequence number and a CRC32C: a record torn by a crash at the end of the
 * journal (only zeros after it) was never answered and is dropped; a bad record before the end,
 * or one that does not fit its index, is a corrupt state ({@link TpmStateException}).
 *
 * <p>Layout: header {@code "JVNJ" u16 version, 32-octet SHA-256 of permanent.state, u32 CRC32C};
 * records {@code u32 length, u32 sequence, u32 handle, u32 attributes, u16 size, data, u32 CRC32C}
 * (length counts from sequence to data; the CRC covers the same octets); then zeros.
 */
public final class NvJournal {
    private static final Logger LOG = LoggerFactory.getLogger(NvJournal.class);
    /** The journal's file name in the state directory. */
    public static final String FILE_NAME = "nvdata.journal";
    /** "JVNJ". */
    static final int MAGIC = 0x4A564E4A;
    static final int VERSION = 1;
    static final int DIGEST = 32;
    static final int HEADER = 4 + 2 + DIGEST + 4;
    private static final int RECORD_FIXED = 4 + 4 + 4 + 2;
    /**
     * The journal file's size; a change that does not fit rewrites the permanent state instead
     * (bounds load time and disk).
     */
    public static final int LIMIT = 256 * 1024;

    private final NvStore nv;
    /** The SHA-256 of the permanent state file on NV, or null before one is known. */
    private byte[] base;
    /** Whether a journal for {@link #base} has been started; its size and next sequence number. */
    private boolean started;
    private int size;
    private int sequence;

    /** The journal of {@code nv}. */
    public NvJournal(NvStore nv) {
        this.nv = nv;
    }

    /** The permanent state file on NV is now {@code permanentFile}: the journal starts over at the next record. */
    public void rebase(byte[] permanentFile) {
        base = digestOf(permanentFile);
        started = false;
        size = 0;
        sequence = 0;
    }

    /**
     * Journals the attributes and data of each index and syncs them; false (and nothing written)
     * when they would take the journal past {@link #LIMIT} or no permanent state is known, so
     * that the caller writes the permanent state instead.
     */
    public boolean append(Iterable<NvIndex> indices) {
        if (base == null) {
            return false;
        }
        int total = 0;
        for (NvIndex i : indices) {
            total += 4 + RECORD_FIXED + i.dataSize() + 4;
        }
        if ((started ? size : HEADER) + total > LIMIT) {
            return false;
        }
        ByteBuffer b = ByteBuffer.allocate(started ? total : LIMIT);
        if (!started) {
            b.putInt(MAGIC).putShort((short) VERSION).put(base);
            b.putInt(crc(b.array(), 0, HEADER - 4));
        }
        int seq = sequence;
        for (NvIndex i : indices) {
            int start = b.position();
            b.putInt(RECORD_FIXED + i.dataSize());
            b.putInt(seq++).putInt(i.handle()).putInt(i.attributes()).putShort((short) i.dataSize());
            i.copyData(b);
            b.putInt(crc(b.array(), start + 4, b.position() - start - 4));
        }
        if (started) {
            nv.write(FILE_NAME, size, b.array());
        } else {
            // a new journal replaces a stale one whole
            nv.store(FILE_NAME, b.array());
            started = true;
            size = HEADER;
        }
        size += total;
        sequence = seq;
        return true;
    }

    /**
     * Applies the stored journal to {@code indices}, just decoded from {@code permanentFile}; a
     * journal of another permanent state is ignored. Returns the number of records applied.
     *
     * @throws TpmStateException naming the journal when it is corrupt
     */
    public static int replay(NvStore nv, byte[] permanentFile, NvIndices indices) {
        byte[] j = nv.load(FILE_NAME);
        if (j == null) {
            return 0;
        }
        String where = nv.describe(FILE_NAME);
        if (j.length < HEADER) {
            throw new TpmStateException("state file " + where + ": truncated (" + j.length + " bytes)");
        }
        ByteBuffer b = ByteBuffer.wrap(j);
        if (b.getInt() != MAGIC || crc(j, 0, HEADER - 4) != ByteBuffer.wrap(j, HEADER - 4, 4).getInt()) {
            throw new TpmStateException("state file " + where + ": not an NV journal or its header is corrupt");
        }
        int version = b.getShort() & 0xFFFF;
        if (version != VERSION) {
            throw new TpmStateException("state file " + where + ": journal version " + version + " is not supported");
        }
        if (!MessageDigest.isEqual(Arrays.copyOfRange(j, 6, 6 + DIGEST), digestOf(permanentFile))) {
            // written before the permanent state was: that holds all of it
            return 0;
        }
        b.position(HEADER);
        int seq = 0;
        while (b.remaining() >= 4) {
            int start = b.position();
            int len = b.getInt();
            if (len == 0 && zeros(j, start)) {
                break;
            }
            if (len < RECORD_FIXED || len > b.remaining() - 4) {
                torn(where, seq);
                break;
            }
            int end = b.position() + len;
            if (crc(j, b.position(), len) != ByteBuffer.wrap(j, end, 4).getInt()) {
                if (!zeros(j, end + 4)) {
                    throw new TpmStateException("state file " + where + ": record " + seq + " is corrupt");
                }
                torn(where, seq);
                break;
            }
            int s = b.getInt();
            int handle = b.getInt();
            int attributes = b.getInt();
            int dataSize = b.getShort() & 0xFFFF;
            if (s != seq || RECORD_FIXED + dataSize != len) {
                throw new TpmStateException("state file " + where + ": record " + seq + " is malformed");
            }
            byte[] data = new byte[dataSize];
            b.get(data);
            b.getInt();
            try {
                indices.restore(handle, attributes, data);
            } catch (IllegalArgumentException e) {
                throw new TpmStateException("state file " + where + ": record " + seq + ": " + e.getMessage());
            }
            seq++;
        }
        return seq;
    }

    private static void torn(String where, int seq) {
        LOG.warn("state file {}: dropped record {}, torn at the end (never acknowledged)", where, seq);
    }

    /** True when the octets of {@code a} from {@code from} on are all zero (unwritten journal). */
    private static boolean zeros(byte[] a, int from) {
        for (int i = from; i < a.length; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static int crc(byte[] a, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(a, off, len);
        return (int) c.getValue();
    }

    /** The SHA-256 trailer of a sealed state file ({@link StateFile}), which names it. */
    private static byte[] digestOf(byte[] stateFile) {
        return Arrays.copyOfRange(stateFile, stateFile.length - DIGEST, stateFile.length);
    }
}
