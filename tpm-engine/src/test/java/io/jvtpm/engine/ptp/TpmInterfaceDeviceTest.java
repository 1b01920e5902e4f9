package io.jvtpm.engine.ptp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The locality 4 rule both register interfaces share: which guest accesses touch the platform's page. */
class TpmInterfaceDeviceTest {

    @ParameterizedTest(name = "0x{0} size {1}: {2}")
    @CsvSource({
        "0, 4, false", "3ffc, 4, false", "3fff, 1, false", "3fff, 2, true", "3ffc, 8, true",
        "4000, 1, true", "4080, 8, true", "4ffc, 4, true", "4fff, 1, true", "5000, 1, false", "5000, 8, false",
        "-1, 1, false", "-1, 2, false", "3fff, 0, false", "4000, 0, true",
    })
    void platformOnly(String offsetHex, int size, boolean expected) {
        assertEquals(expected, TpmInterfaceDevice.platformOnly(Long.parseLong(offsetHex, 16), size));
    }
}
