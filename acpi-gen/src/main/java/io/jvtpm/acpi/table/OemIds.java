package io.jvtpm.acpi.table;

import java.util.Objects;

/**
 * The identification fields of a system description table header (ACPI 6.5 section 5.2.6, table
 * 5.4): OEM ID (6 chars), OEM Table ID (8), OEM Revision, Creator ID (4), Creator Revision.
 * Shorter strings are padded with spaces.
 */
public record OemIds(String oemId, String oemTableId, long oemRevision, String creatorId, long creatorRevision) {

    /** jvtpm's own identification. */
    public static final OemIds JVTPM = new OemIds("JVTPM", "JVTPMVM", 1, "JVTP", 1);

    public OemIds {
        check("OEM ID", oemId, 6);
        check("OEM Table ID", oemTableId, 8);
        check("Creator ID", creatorId, 4);
        checkU32("OEM Revision", oemRevision);
        checkU32("Creator Revision", creatorRevision);
    }

    private static void check(String what, String s, int max) {
        Objects.requireNonNull(s, what);
        if (s.length() > max) {
            throw new IllegalArgumentException(what + " has at most " + max + " characters: '" + s + "'");
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < 0x20 || s.charAt(i) > 0x7E) {
                throw new IllegalArgumentException(what + " must be printable ASCII: '" + s + "'");
            }
        }
    }

    private static void checkU32(String what, long v) {
        if (v < 0 || v > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(what + " does not fit 32 bits: " + v);
        }
    }
}
