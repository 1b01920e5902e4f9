package io.jvtpm.acpi.aml;

import static io.jvtpm.acpi.aml.Asl.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jvtpm.acpi.aml.resource.Io;
import io.jvtpm.acpi.aml.resource.Memory32Fixed;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Node values: immutability, appending, validation, and encodings iasl does not produce. */
class NodesTest {

    @Test
    void deviceWithAppendsWithoutChangingTheOriginal() {
        Device d = device("TPM", name("_HID", string("MSFT0101")));
        Device more = d.with(name("_UID", ONE), name("_STA", integer(0x0F)));
        assertEquals(1, d.terms().size());
        assertEquals(3, more.terms().size());
        assertArrayEquals(Asl.encode(device("TPM", name("_HID", string("MSFT0101")), name("_UID", ONE),
                name("_STA", integer(0x0F)))), more.toBytes());
    }

    @Test
    void buffersAreCopiedInAndOut() {
        byte[] data = {1, 2, 3};
        AmlBuffer b = buffer(data);
        data[0] = 9;
        assertEquals(1, b.data()[0]);
        b.data()[1] = 9;
        assertEquals(2, b.data()[1]);
        assertEquals(buffer(1, 2, 3), b);
        assertNotEquals(buffer(1, 2, 4), b);
    }

    @Test
    void checksummedResourceTemplateSumsToZero() {
        ResourceTemplate t = new ResourceTemplate(List.of(new Memory32Fixed(true, 0xFED40000L, 0x5000),
                new Io(true, 0x60, 0x60, 1, 1)), true);
        byte[] d = t.descriptorBytes();
        int sum = 0;
        for (byte x : d) {
            sum += x;
        }
        assertEquals(0, sum & 0xFF);
        assertEquals(0x79, d[d.length - 2] & 0xFF);
        assertEquals(0, new ResourceTemplate(t.descriptors()).descriptorBytes()[d.length - 1]);
    }

    @Test
    void toUuidIsMixedEndian() {
        assertEquals("a6fadd3d1b36b44ea4248d10089d1653",
                HexFormat.of().formatHex(Asl.uuidBytes("3DDDFAA6-361B-4EB4-A424-8D10089D1653")));
    }

    @Test
    void eisaIdCompresses() {
        assertEquals(0x030AD041L, eisaId("PNP0A03").value());
        assertEquals(0x0C0CD041L, eisaId("PNP0C0C").value());
    }

    @Test
    void badValuesAreRefusedWithTheirName() {
        assertThrows(IllegalArgumentException.class, () -> arg(7));
        assertThrows(IllegalArgumentException.class, () -> local(8));
        assertThrows(IllegalArgumentException.class, () -> method("M", 8, false));
        assertThrows(IllegalArgumentException.class, () -> method("M", 1, true, 16));
        assertThrows(IllegalArgumentException.class, () -> buffer(256));
        assertThrows(IllegalArgumentException.class, () -> string("tp\u00e9"));
        assertThrows(IllegalArgumentException.class, () -> toUuid("not-a-uuid"));
        assertThrows(IllegalArgumentException.class, () -> eisaId("pnp0a03"));
        assertThrows(IllegalArgumentException.class, () -> pkgOfSize(1, ONE, ONE));
        assertThrows(IllegalArgumentException.class, () -> new AmlBuffer(integer(1), new byte[2]));
        assertThrows(IllegalArgumentException.class, () -> field("R", AccessType.BYTE_ACC, LockRule.NO_LOCK,
                UpdateRule.PRESERVE, named("A", 16), offset(1)));
        assertThrows(IllegalArgumentException.class, () -> acquire("MTX", 0x10000));
        assertThrows(IllegalArgumentException.class, () -> new Memory32Fixed(true, 0x1_0000_0000L, 1));
        assertThrows(IllegalArgumentException.class, () -> call("M", ONE, ONE, ONE, ONE, ONE, ONE, ONE, ONE));
    }
}
