package io.jvtpm.acpi.table;

/** ACPI table checksums (ACPI 6.5 sections 5.2.5.3 and 5.2.6): all covered bytes sum to zero mod 256. */
public final class Checksum {

    private Checksum() {
    }

    /** The 8-bit sum of {@code len} bytes from {@code off}. */
    public static int sum(byte[] b, int off, int len) {
        int s = 0;
        for (int i = off; i < off + len; i++) {
            s += b[i];
        }
        return s & 0xFF;
    }

    /** Sets {@code b[at]} so that the {@code len} bytes from {@code off} (which include it) sum to zero. */
    public static void fix(byte[] b, int off, int len, int at) {
        b[at] = 0;
        b[at] = (byte) -sum(b, off, len);
    }

    /** True when the {@code len} bytes from {@code off} sum to zero. */
    public static boolean valid(byte[] b, int off, int len) {
        return sum(b, off, len) == 0;
    }
}
