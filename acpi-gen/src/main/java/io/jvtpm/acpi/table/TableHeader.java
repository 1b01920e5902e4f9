package io.jvtpm.acpi.table;

import io.jvtpm.acpi.aml.AmlSink;

/**
 * The 36-byte system description table header (ACPI 6.5 section 5.2.6): Signature,
 * Length, Revision, Checksum, OEM ID, OEM Table ID, OEM Revision, Creator ID, Creator Revision.
 * {@link #begin} writes it with length and checksum zero; {@link #finish} fills both in.
 */
public final class TableHeader {

    /** Size of the header in bytes. */
    public static final int SIZE = 36;
    /** Offset of the Length field. */
    public static final int LENGTH_OFFSET = 4;
    /** Offset of the Checksum byte. */
    public static final int CHECKSUM_OFFSET = 9;

    private TableHeader() {
    }

    /** Starts a table: writes its header with length and checksum left zero. */
    public static AmlSink begin(String signature, int revision, OemIds oem) {
        if (signature.length() != 4) {
            throw new IllegalArgumentException("a table signature has 4 characters: '" + signature + "'");
        }
        AmlSink out = new AmlSink(256);
        out.ascii(signature, 4, ' ');
        out.u32(0);
        out.u8(revision);
        out.u8(0);
        out.ascii(oem.oemId(), 6, ' ');
        out.ascii(oem.oemTableId(), 8, ' ');
        out.u32(oem.oemRevision());
        out.ascii(oem.creatorId(), 4, ' ');
        out.u32(oem.creatorRevision());
        return out;
    }

    /** Ends a table: fills in its Length and Checksum and returns its bytes. */
    public static byte[] finish(AmlSink out) {
        out.set32(LENGTH_OFFSET, out.size());
        byte[] b = out.toByteArray();
        Checksum.fix(b, 0, b.length, CHECKSUM_OFFSET);
        return b;
    }
}
