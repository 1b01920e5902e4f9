package io.jvtpm.examples.boot.layout;

import io.jvtpm.examples.boot.BootException;

import java.util.Locale;

/**
 * A guest RAM size as given on the command line, the RAM the e820 map (ACPI 6.5 section 15)
 * describes: a number with an optional K/M/G/T suffix (binary units), plain numbers meaning MiB
 * as QEMU's {@code -m} does.
 */
public final class MemorySize {

    private MemorySize() {
    }

    /** Parses {@code text} to bytes; anything else gives a one-line error. */
    public static long parse(String text) throws BootException {
        String t = text.trim().toUpperCase(Locale.ROOT);
        if (t.endsWith("B") || t.endsWith("I")) {
            t = t.replaceAll("I?B$|I$", "");
        }
        if (t.isEmpty()) {
            throw new BootException("memory size is empty");
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(-?\\d+)([A-Z]?)").matcher(t);
        if (!m.matches()) {
            throw new BootException("memory size '" + text + "' is not a number with an optional K/M/G/T suffix");
        }
        long unit = switch (m.group(2)) {
            case "" , "M" -> 1L << 20;
            case "K" -> 1L << 10;
            case "G" -> 1L << 30;
            case "T" -> 1L << 40;
            default -> throw new BootException("memory size '" + text + "' has an unknown unit '" + m.group(2) + "' (use K, M, G or T)");
        };
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new BootException("memory size '" + text + "' is too large");
        }
        if (n <= 0) {
            throw new BootException("memory size '" + text + "' must be positive");
        }
        if (n > Long.MAX_VALUE / unit) {
            throw new BootException("memory size '" + text + "' is too large");
        }
        return n * unit;
    }

    /** "512 MiB", "4 GiB", "1536 KiB": the largest binary unit that divides the size. */
    public static String format(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int u = 0;
        long v = bytes;
        while (u < units.length - 1 && v != 0 && v % 1024 == 0) {
            v /= 1024;
            u++;
        }
        return v + " " + units[u];
    }
}
