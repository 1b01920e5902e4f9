package io.jvtpm.engine;


import io.jvtpm.engine.testing.Golden;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Golden response bytes: a fixed script on a seeded in-memory TPM must answer byte for byte as
 * recorded in golden/responses.txt. Run with -Dgolden.update=true to rewrite the file after an
 * intended change.
 */
class GoldenResponsesTest {
    private static final String PW = "00000009 40000009 0000 00 0000";
    private static final String[] SCRIPT = {
        "8001 00000000 00000143 01",
        "8001 00000000 0000017c",
        "8001 00000000 0000017b 0020",
        "8001 00000000 0000017b 0040",
        "8001 00000000 00000146 0004 01020304",
        "8001 00000000 0000017b 0010",
        "8001 00000000 0000017a 00000000 00000000 00000040",
        "8001 00000000 0000017a 00000001 40000000 00000040",
        "8001 00000000 0000017a 00000002 00000000 00000100",
        "8001 00000000 0000017a 00000005 00000000 00000001",
        "8001 00000000 0000017a 00000006 00000100 00000080",
        "8001 00000000 0000017a 00000006 00000200 00000080",
        "8001 00000000 0000017a 00000007 00000000 00000020",
        "8001 00000000 0000017a 00000008 00000000 00000020",
        "8001 00000000 0000017a 00000009 40000000 00000020",
        "8002 00000000 00000182 00000000 " + PW + " 00000002 000b " + "ab".repeat(32) + " 0004 " + "cd".repeat(20),
        "8002 00000000 0000013c 00000007 " + PW + " 0005 6576656e74",
        "8001 00000000 0000017e 00000002 000b 03 810000 0004 03 810000",
        "8001 00000000 0000017d 0003 616263 000c 40000001",
        "8001 00000000 0000017d 0003 616263 000d 4000000b",
        "8001 00000000 00000186 0002 7371 000b",
        "8002 00000000 0000015c 80000000 0000000b 40000009 0000 00 0002 7371 0003 616263",
        "8002 00000000 0000013e 80000000 0000000b 40000009 0000 00 0002 7371 0003 646566 4000000c",
        "8001 00000000 00000186 0000 0010",
        "8002 00000000 00000185 00000008 80000000 00000012 40000009 0000 00 0000 40000009 0000 00 0000 0002 6162",
        "8001 00000000 0000017e 00000001 000d 03 000001",
        "8002 00000000 00000129 4000000b " + PW + " 0004 656e6400",
        "8001 00000000 0000017a 00000006 00000200 00000001",
        "8001 00000000 00000142 00000002 000b 0004",
        "8001 00000000 0000018a 0008 0005 000c",
        "8002 00000000 0000012b 4000000c " + PW + " 00000001 0004 03 ffff00",
        "8001 00000000 00000145 0000",
    };

    @Test
    void responsesMatchTheGoldenFile() throws IOException {
        List<String> lines = new ArrayList<>();
        try (InProcessBackend t = TpmTestSupport.started(1234)) {
            for (String c : SCRIPT) {
                byte[] cmd = TpmTestSupport.cmd(c);
                lines.add(TpmTestSupport.hex(cmd) + " -> " + TpmTestSupport.hex(t.execute(0, cmd)));
            }
        }
        String actual = String.join("\n", lines) + "\n";
        Golden.checkText("responses.txt", actual);
    }
}
