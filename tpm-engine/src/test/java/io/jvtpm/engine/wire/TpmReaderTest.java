package io.jvtpm.engine.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The bounded reader and the writer (TPM 2.0 Library Part 2, 4 and the TPM2B rules). */
class TpmReaderTest {
    private static final byte[] DATA = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B};

    @Test
    void readsBigEndian() {
        TpmReader r = new TpmReader(DATA, 0, DATA.length);
        assertEquals(0x01, r.u8());
        assertEquals(0x0203, r.u16());
        assertEquals(0x04050607, r.u32());
        assertEquals(4, r.remaining());
        assertArrayEquals(new byte[] {0x08, 0x09}, r.bytes(2));
    }

    @Test
    void neverReadsPastTheLimitAndNamesTheParameter() {
        TpmReader r = new TpmReader(DATA, 2, 3);
        r.param(2);
        assertEquals(0x0304, r.u16());
        TpmRcException e = assertThrows(TpmRcException.class, r::u16);
        assertEquals(TpmRc.INSUFFICIENT.param(2), e.rc());
        r.handle(1);
        assertEquals(TpmRc.INSUFFICIENT.handle(1), assertThrows(TpmRcException.class, r::u32).rc());
        r.session(3);
        assertEquals(TpmRc.INSUFFICIENT.session(3), assertThrows(TpmRcException.class, () -> r.skip(2)).rc());
        assertEquals(0x05, r.u8());
    }

    @Test
    void tpm2bSizeIsChecked() {
        byte[] b = {0x00, 0x05, 1, 2, 3, 4, 5, 0x00, 0x09, 1};
        TpmReader r = new TpmReader(b, 0, b.length).param(1);
        assertEquals(TpmRc.SIZE.param(1), assertThrows(TpmRcException.class, () -> r.tpm2b(4)).rc());
        TpmReader ok = new TpmReader(b, 0, b.length).param(1);
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, ok.tpm2b(5));
        ok.param(2);
        assertEquals(TpmRc.INSUFFICIENT.param(2), assertThrows(TpmRcException.class, () -> ok.tpm2b(64)).rc());
    }

    @Test
    void trailingBytesArePlainSize() {
        TpmReader r = new TpmReader(DATA, 0, 3).param(3);
        r.u16();
        assertEquals(TpmRc.SIZE.value(), assertThrows(TpmRcException.class, r::end).rc());
    }

    @Test
    void warningsCarryNoNumber() {
        TpmReader r = new TpmReader(DATA, 0, 0).param(4);
        assertEquals(TpmRc.LOCALITY.value(), r.fail(TpmRc.LOCALITY).rc());
        assertEquals(TpmRc.VALUE.param(4), r.fail(TpmRc.VALUE).rc());
    }

    @Test
    void writerGrowsAndPatches() {
        TpmWriter w = new TpmWriter(1);
        int at = w.reserve(4);
        w.u8(1).u16(0x0203).u64(0x0405060708090A0BL).tpm2b(new byte[] {(byte) 0xEE});
        w.putU32(at, 0xCAFEBABE);
        assertArrayEquals(new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 1, 2, 3, 4, 5, 6, 7, 8, 9,
            10, 11, 0, 1, (byte) 0xEE}, w.toByteArray());
        w.clear();
        assertEquals(0, w.size());
    }

    @Test
    void timeInfoRoundTrip() {
        TimeInfo t = new TimeInfo(5, 0x1_0000_0002L, 3, 4, true);
        TpmWriter w = new TpmWriter(8);
        t.write(w);
        byte[] b = w.toByteArray();
        assertEquals(25, b.length);
        assertEquals(t, TimeInfo.read(new TpmReader(b, 0, b.length)));
        b[24] = 2;
        assertEquals(TpmRc.VALUE.param(1),
                assertThrows(TpmRcException.class, () -> TimeInfo.read(new TpmReader(b, 0, b.length).param(1))).rc());
    }
}
