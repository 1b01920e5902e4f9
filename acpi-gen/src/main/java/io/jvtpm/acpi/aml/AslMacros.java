package io.jvtpm.acpi.aml;

/**
 * The ASL compile-time macros (ACPI 6.5 section 19.6: ToUUID, EISAID, Unicode) and the byte-list
 * check of {@code Buffer(){...}}: the conversions {@link Asl} delegates to, kept apart from the
 * vocabulary so that each reads on its own.
 */
final class AslMacros {

    private static final int[] UUID_FIRST_GROUPS_ORDER = {3, 2, 1, 0, 5, 4, 7, 6};

    private AslMacros() {
    }

    /** The bytes of a {@code Buffer(){b0, b1, ...}} list; each value must fit a byte (0..255). */
    static byte[] byteList(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] < 0 || bytes[i] > 0xFF) {
                throw new IllegalArgumentException("buffer byte out of range: " + bytes[i]);
            }
            b[i] = (byte) bytes[i];
        }
        return b;
    }

    /**
     * The 16 bytes {@code ToUUID(uuid)} makes: the first three groups little-endian, the last two in
     * their written order.
     */
    static byte[] uuidBytes(String uuid) {
        String s = uuid.trim();
        if (!s.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
            throw new IllegalArgumentException("not a UUID: '" + uuid + "'");
        }
        String hex = s.replace("-", "");
        byte[] raw = new byte[16];
        for (int i = 0; i < 16; i++) {
            raw[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        byte[] out = raw.clone();
        for (int i = 0; i < UUID_FIRST_GROUPS_ORDER.length; i++) {
            out[i] = raw[UUID_FIRST_GROUPS_ORDER[i]];
        }
        return out;
    }

    /**
     * The DWord {@code EISAID(id)} makes: three upper-case letters and four hex digits compressed
     * into 32 bits, byte-swapped.
     */
    static long eisaId(String id) {
        if (id.length() != 7 || !id.matches("[A-Z]{3}[0-9A-F]{4}")) {
            throw new IllegalArgumentException("not an EISA ID (three letters, four hex digits): '" + id + "'");
        }
        long v = ((long) (id.charAt(0) - 0x40) << 26) | ((long) (id.charAt(1) - 0x40) << 21)
                | ((long) (id.charAt(2) - 0x40) << 16) | Integer.parseInt(id.substring(3), 16);
        return Integer.reverseBytes((int) v) & 0xFFFF_FFFFL;
    }

    /** The bytes {@code Unicode(text)} makes: the UTF-16LE characters of ASCII text and a 16-bit null. */
    static byte[] unicode(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == 0 || text.charAt(i) > 0x7F) {
                throw new IllegalArgumentException("Unicode() takes an ASCII string: " + text);
            }
        }
        byte[] b = new byte[2 * text.length() + 2];
        for (int i = 0; i < text.length(); i++) {
            b[2 * i] = (byte) text.charAt(i);
        }
        return b;
    }
}
