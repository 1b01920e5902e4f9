package io.jvtpm.acpi.aml;

import java.util.Objects;

/**
 * {@code OperationRegion(name, space, offset, length)} (ACPI 6.5 section 19.6, DefOpRegion
 * 0x5B 0x80 NameString RegionSpace RegionOffset RegionLen). Offset and length are TermArgs: a
 * method may place a region at a computed address ({@code 0xFED45000 + Arg0}).
 */
public record OperationRegion(NameString name, RegionSpace space, TermArg offset, TermArg length) implements Aml {
    public OperationRegion {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(offset, "offset");
        Objects.requireNonNull(length, "length");
    }

    @Override
    public void encode(AmlSink out) {
        AmlOpcode.OP_REGION.encode(out);
        name.encode(out);
        out.u8(space.code);
        offset.encode(out);
        length.encode(out);
    }
}
