package io.jvtpm.acpi.aml.resource;

import io.jvtpm.acpi.aml.AmlSink;
import java.util.Objects;

/**
 * {@code WordIO/WordBusNumber/DWordMemory/DWordIO/QWordMemory/QWordIO(...)} (ACPI 6.5 sections
 * 6.4.3.5.1-6.4.3.5.3: QWord 0x8A, DWord 0x87, Word 0x88 Address Space Descriptors), without a
 * resource source. General flags: bit 0 consumer, bit 1 subtractive decode, bit 2 min fixed,
 * bit 3 max fixed; {@code typeFlags} is the type-specific byte (see {@link #memoryFlags} and
 * {@link #ioFlags}).
 */
public record AddressSpace(Width width, ResourceType type, boolean consumer, boolean subtractiveDecode,
        boolean minFixed, boolean maxFixed, int typeFlags, long granularity, long minimum, long maximum,
        long translation, long length) implements ResourceDescriptor {

    /** The size of the address fields and the descriptor's tag. */
    public enum Width {
        WORD(0x88, 2), DWORD(0x87, 4), QWORD(0x8A, 8);

        final int tag;
        final int bytes;

        Width(int tag, int bytes) {
            this.tag = tag;
            this.bytes = bytes;
        }
    }

    /** The Resource Type byte (ACPI 6.5 section 6.4.3.5, Address Space Resource Descriptors). */
    public enum ResourceType {
        MEMORY(0), IO(1), BUS_NUMBER(2);

        final int code;

        ResourceType(int code) {
            this.code = code;
        }
    }

    /** Memory cacheability, the _MEM bits 2:1 of the memory type-specific flags. */
    public enum Cacheability {
        NON_CACHEABLE(0), CACHEABLE(1), WRITE_COMBINING(2), PREFETCHABLE(3);

        final int code;

        Cacheability(int code) {
            this.code = code;
        }
    }

    public AddressSpace {
        Objects.requireNonNull(width, "width");
        Objects.requireNonNull(type, "type");
        Bits.checkU8("type-specific flags", typeFlags);
        if (width != Width.QWORD) {
            long max = width == Width.WORD ? 0xFFFFL : 0xFFFF_FFFFL;
            for (long v : new long[] {granularity, minimum, maximum, translation, length}) {
                if (v < 0 || v > max) {
                    throw new IllegalArgumentException(width + " address field does not fit: 0x" + Long.toHexString(v));
                }
            }
        }
    }

    /** Memory type-specific flags: _RW bit 0, _MEM bits 2:1 (_MTP AddressRangeMemory, TypeStatic). */
    public static int memoryFlags(boolean writeable, Cacheability cache) {
        return (writeable ? 1 : 0) | (cache.code << 1);
    }

    /** I/O type-specific flags: _RNG bits 1:0 = 3 (EntireRange), TypeStatic. */
    public static int ioFlags() {
        return 0x03;
    }

    /** {@code QWordMemory(ResourceProducer, PosDecode, MinFixed, MaxFixed, cache, rw, 0, min, max, 0, len)}. */
    public static AddressSpace qwordMemory(boolean writeable, Cacheability cache, long minimum, long maximum) {
        return new AddressSpace(Width.QWORD, ResourceType.MEMORY, false, false, true, true,
                memoryFlags(writeable, cache), 0, minimum, maximum, 0, maximum - minimum + 1);
    }

    /** {@code DWordMemory(ResourceProducer, PosDecode, MinFixed, MaxFixed, cache, rw, 0, min, max, 0, len)}. */
    public static AddressSpace dwordMemory(boolean writeable, Cacheability cache, long minimum, long maximum) {
        return new AddressSpace(Width.DWORD, ResourceType.MEMORY, false, false, true, true,
                memoryFlags(writeable, cache), 0, minimum, maximum, 0, maximum - minimum + 1);
    }

    /** {@code WordIO(ResourceProducer, MinFixed, MaxFixed, PosDecode, EntireRange, 0, min, max, 0, len)}. */
    public static AddressSpace wordIo(int minimum, int maximum) {
        return new AddressSpace(Width.WORD, ResourceType.IO, false, false, true, true,
                ioFlags(), 0, minimum, maximum, 0, maximum - minimum + 1L);
    }

    /** {@code DWordIO(ResourceProducer, MinFixed, MaxFixed, PosDecode, EntireRange, 0, min, max, 0, len)}. */
    public static AddressSpace dwordIo(long minimum, long maximum) {
        return new AddressSpace(Width.DWORD, ResourceType.IO, false, false, true, true,
                ioFlags(), 0, minimum, maximum, 0, maximum - minimum + 1);
    }

    /** {@code WordBusNumber(ResourceProducer, MinFixed, MaxFixed, PosDecode, 0, min, max, 0, len)}. */
    public static AddressSpace wordBusNumber(int minimum, int maximum) {
        return new AddressSpace(Width.WORD, ResourceType.BUS_NUMBER, false, false, true, true,
                0, 0, minimum, maximum, 0, maximum - minimum + 1L);
    }

    @Override
    public void encode(AmlSink out) {
        int general = (consumer ? 0x01 : 0) | (subtractiveDecode ? 0x02 : 0)
                | (minFixed ? 0x04 : 0) | (maxFixed ? 0x08 : 0);
        out.u8(width.tag).u16(3 + 5 * width.bytes).u8(type.code).u8(general).u8(typeFlags);
        for (long v : new long[] {granularity, minimum, maximum, translation, length}) {
            switch (width) {
                case WORD -> out.u16((int) v);
                case DWORD -> out.u32(v);
                case QWORD -> out.u64(v);
            }
        }
    }
}
