package io.jvtpm.examples.boot.layout;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The BIOS e820 memory map handed to Linux in boot_params (e820_entries at 0x1E8, e820_table at
 * 0x2D0, at most 128 entries; bootparam.h, ACPI 6.5 section 15): sorted, never overlapping.
 */
public final class E820Map {

    /** E820_MAX_ENTRIES_ZEROPAGE: what the zero page can hold. */
    public static final int MAX_ENTRIES = 128;

    private final List<E820Entry> entries;

    private E820Map(List<E820Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Builds a map from ranges in any order; overlaps or more than 128 ranges are rejected. */
    public static E820Map of(List<E820Entry> ranges) {
        List<E820Entry> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingLong(E820Entry::address));
        if (sorted.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("e820 map has " + sorted.size() + " ranges; the zero page holds " + MAX_ENTRIES);
        }
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i - 1).overlaps(sorted.get(i))) {
                throw new IllegalArgumentException("e820 ranges overlap: " + sorted.get(i - 1) + " and " + sorted.get(i));
            }
        }
        return new E820Map(sorted);
    }

    public List<E820Entry> entries() {
        return entries;
    }

    /** Total bytes of type RAM. */
    public long ramBytes() {
        return entries.stream().filter(e -> e.type() == E820Type.RAM).mapToLong(E820Entry::size).sum();
    }

    /** The type of the range holding {@code address}, or null when no range does (a hole). */
    public E820Type typeAt(long address) {
        for (E820Entry e : entries) {
            if (address >= e.address() && address < e.end()) {
                return e.type();
            }
        }
        return null;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (E820Entry e : entries) {
            sb.append(e).append('\n');
        }
        return sb.toString();
    }
}
