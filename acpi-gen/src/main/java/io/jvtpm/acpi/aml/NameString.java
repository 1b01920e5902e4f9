package io.jvtpm.acpi.aml;

import java.util.ArrayList;
import java.util.List;

/**
 * A name or path in the ACPI namespace (ACPI 6.5 section 20.2.2, NameString): an optional root
 * prefix {@code '\'} or any number of parent prefixes {@code '^'}, then zero or more 4-character
 * name segments. Segments shorter than four characters are padded with {@code '_'}. Encodes with
 * no prefix for one segment, DualNamePrefix for two, MultiNamePrefix for three or more, and
 * NullName for none.
 *
 * <p>Used as a reference it is a {@link SuperName}: {@code Store(x, PPRQ)} stores into the named
 * object, a package element that is a NameString refers to the named object.
 *
 * @param root    true for a path that starts at the root ({@code \})
 * @param parents number of {@code ^} prefixes (0 when {@code root})
 * @param segments the 4-character segments, already padded
 */
public record NameString(boolean root, int parents, List<String> segments) implements SuperName, PackageElement {

    public NameString {
        if (root && parents > 0) {
            throw new IllegalArgumentException("a name string cannot have both '\\' and '^' prefixes");
        }
        if (parents < 0) {
            throw new IllegalArgumentException("negative parent prefix count");
        }
        if (segments.size() > 255) {
            throw new IllegalArgumentException("more than 255 name segments");
        }
        List<String> padded = new ArrayList<>(segments.size());
        for (String s : segments) {
            padded.add(segment(s));
        }
        segments = List.copyOf(padded);
    }

    /**
     * Parses ASL notation: {@code "\_SB.PCI0.S08"}, {@code "^PPRQ"}, {@code "TPM"},
     * {@code "\"} (the root).
     *
     * @throws IllegalArgumentException naming the bad part of {@code path}
     */
    public static NameString of(String path) {
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException("empty ACPI name");
        }
        int i = 0;
        boolean root = false;
        int parents = 0;
        if (path.charAt(0) == '\\') {
            root = true;
            i = 1;
        } else {
            while (i < path.length() && path.charAt(i) == '^') {
                parents++;
                i++;
            }
        }
        String rest = path.substring(i);
        List<String> segs = new ArrayList<>();
        if (!rest.isEmpty()) {
            for (String s : rest.split("\\.", -1)) {
                segs.add(s);
            }
        }
        try {
            return new NameString(root, parents, segs);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad ACPI name '" + path + "': " + e.getMessage(), e);
        }
    }

    /**
     * Validates one name segment (ACPI 6.5 section 20.2.2, NameSeg: LeadNameChar then up to three
     * DigitChar or NameChar; upper case) and pads it to four characters with {@code '_'}.
     */
    public static String segment(String s) {
        if (s.isEmpty() || s.length() > 4) {
            throw new IllegalArgumentException("name segment '" + s + "' must have 1 to 4 characters");
        }
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            boolean lead = (c >= 'A' && c <= 'Z') || c == '_';
            boolean digit = c >= '0' && c <= '9';
            if (!(lead || (k > 0 && digit))) {
                throw new IllegalArgumentException("name segment '" + s + "' has a bad character '" + c + "'");
            }
        }
        StringBuilder b = new StringBuilder(s);
        while (b.length() < 4) {
            b.append('_');
        }
        return b.toString();
    }

    /** True when this is a single segment with no prefix (a NameSeg). */
    public boolean isSimpleSegment() {
        return !root && parents == 0 && segments.size() == 1;
    }

    @Override
    public void encode(AmlSink out) {
        if (root) {
            out.u8(0x5C);
        }
        for (int k = 0; k < parents; k++) {
            out.u8(0x5E);
        }
        switch (segments.size()) {
            case 0 -> out.u8(0x00);
            case 1 -> writeSeg(out, segments.get(0));
            case 2 -> {
                out.u8(0x2E);
                writeSeg(out, segments.get(0));
                writeSeg(out, segments.get(1));
            }
            default -> {
                out.u8(0x2F);
                out.u8(segments.size());
                for (String s : segments) {
                    writeSeg(out, s);
                }
            }
        }
    }

    private static void writeSeg(AmlSink out, String seg) {
        for (int k = 0; k < 4; k++) {
            out.u8(seg.charAt(k));
        }
    }

    /** The path in ASL notation, segments as padded (e.g. {@code \_SB_.TPM_}). */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        if (root) {
            b.append('\\');
        }
        b.append("^".repeat(parents));
        b.append(String.join(".", segments));
        return b.toString();
    }
}
