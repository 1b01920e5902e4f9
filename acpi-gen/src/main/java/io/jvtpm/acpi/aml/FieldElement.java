package io.jvtpm.acpi.aml;

/**
 * One entry of a Field's list (ACPI 6.5 section 20.2.5.2, FieldElement): a named field of some
 * bits, reserved (unnamed) bits, an {@code Offset(n)} that skips to a byte offset, or an
 * {@code AccessAs} that changes the access type for the fields after it.
 */
public sealed interface FieldElement permits FieldElement.Named, FieldElement.Reserved,
        FieldElement.Offset, FieldElement.AccessAs {

    /** {@code NAME, bits} (NamedField := NameSeg PkgLength). */
    record Named(String name, int bits) implements FieldElement {
        public Named {
            name = NameString.segment(name);
            if (bits <= 0 || bits > PkgLength.MAX) {
                throw new IllegalArgumentException("field " + name + " width must be positive: " + bits);
            }
        }
    }

    /** {@code , bits} (ReservedField := 0x00 PkgLength). */
    record Reserved(int bits) implements FieldElement {
        public Reserved {
            if (bits <= 0 || bits > PkgLength.MAX) {
                throw new IllegalArgumentException("reserved field width must be positive: " + bits);
            }
        }
    }

    /** {@code Offset(byteOffset)}: ASL sugar for the reserved bits up to that byte. */
    record Offset(int byteOffset) implements FieldElement {
        public Offset {
            if (byteOffset < 0) {
                throw new IllegalArgumentException("negative field offset " + byteOffset);
            }
        }
    }

    /** {@code AccessAs(type, attribute)} (AccessField := 0x01 AccessType AccessAttrib). */
    record AccessAs(AccessType type, int attribute) implements FieldElement {
        public AccessAs {
            java.util.Objects.requireNonNull(type, "type");
            if (attribute < 0 || attribute > 0xFF) {
                throw new IllegalArgumentException("access attribute is one byte: " + attribute);
            }
        }
    }

    /**
     * Encodes a field list, resolving {@link Offset} against the running bit position.
     *
     * @throws IllegalArgumentException if an Offset points before the current position
     */
    static void encodeList(AmlSink out, Iterable<FieldElement> elements) {
        long bit = 0;
        for (FieldElement e : elements) {
            if (e instanceof Named n) {
                for (int k = 0; k < 4; k++) {
                    out.u8(n.name().charAt(k));
                }
                PkgLength.writeRaw(out, n.bits());
                bit += n.bits();
            } else if (e instanceof Reserved r) {
                out.u8(0x00);
                PkgLength.writeRaw(out, r.bits());
                bit += r.bits();
            } else if (e instanceof Offset o) {
                long target = 8L * o.byteOffset();
                if (target < bit) {
                    throw new IllegalArgumentException("Offset(" + o.byteOffset() + ") lies before bit " + bit);
                }
                if (target > bit) {
                    out.u8(0x00);
                    PkgLength.writeRaw(out, Math.toIntExact(target - bit));
                    bit = target;
                }
            } else if (e instanceof AccessAs a) {
                out.u8(0x01).u8(a.type().code).u8(a.attribute());
            }
        }
    }
}
