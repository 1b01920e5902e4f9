package io.jvtpm.ppi.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.ppi.op.PpFlag;
import io.jvtpm.ppi.op.PpFlags;
import io.jvtpm.ppi.op.PpiOperation;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PpiPolicyTest {

    private static final PpFlags NONE = new PpFlags(EnumSet.noneOf(PpFlag.class));

    /** The TCG PPI 1.3 TPM 2.0 table's "PP required" column, with default flags and with none set. */
    @ParameterizedTest
    @CsvSource({
        "NO_ACTION, false, false",
        "CLEAR, true, false", "ENABLE_CLEAR, true, false", "ENABLE_CLEAR_2, true, false", "ENABLE_CLEAR_3, true, false",
        "SET_PP_REQUIRED_FOR_CLEAR_TRUE, false, false", "SET_PP_REQUIRED_FOR_CLEAR_FALSE, true, true",
        "SET_PCR_BANKS, true, false", "CHANGE_EPS, true, false",
        "SET_PP_REQUIRED_FOR_CHANGE_PCRS_FALSE, true, true", "SET_PP_REQUIRED_FOR_CHANGE_PCRS_TRUE, false, false",
        "SET_PP_REQUIRED_FOR_CHANGE_EPS_FALSE, true, true", "SET_PP_REQUIRED_FOR_CHANGE_EPS_TRUE, false, false",
        "LOG_ALL_DIGESTS, false, false"
    })
    void ppRequired(PpiOperation op, boolean withDefaults, boolean withNone) {
        assertEquals(withDefaults, op.needsConfirmation(PpFlags.DEFAULT));
        assertEquals(withNone, op.needsConfirmation(NONE));
        assertEquals(withDefaults ? Decision.ASK : Decision.RUN, PpiPolicy.CONFIRM.decide(op, PpFlags.DEFAULT));
        assertEquals(withDefaults ? Decision.REFUSE : Decision.RUN, PpiPolicy.DENY.decide(op, PpFlags.DEFAULT));
        assertEquals(Decision.RUN, PpiPolicy.ALLOW.decide(op, PpFlags.DEFAULT));
    }

    @ParameterizedTest
    @CsvSource({"0, NO_ACTION", "5, CLEAR", "14, ENABLE_CLEAR", "17, SET_PP_REQUIRED_FOR_CLEAR_TRUE",
        "18, SET_PP_REQUIRED_FOR_CLEAR_FALSE", "21, ENABLE_CLEAR_2", "22, ENABLE_CLEAR_3", "23, SET_PCR_BANKS",
        "24, CHANGE_EPS", "25, SET_PP_REQUIRED_FOR_CHANGE_PCRS_FALSE", "26, SET_PP_REQUIRED_FOR_CHANGE_PCRS_TRUE",
        "31, SET_PP_REQUIRED_FOR_CHANGE_EPS_FALSE", "32, SET_PP_REQUIRED_FOR_CHANGE_EPS_TRUE", "33, LOG_ALL_DIGESTS"})
    void operationValues(long code, PpiOperation op) {
        assertEquals(op, PpiOperation.ofCode(code).orElseThrow());
        assertEquals(code, op.code());
    }

    @Test
    void parseAndOverrides() {
        assertEquals(PpiPolicy.CONFIRM, PpiPolicy.parse("confirm"));
        PpiPolicy p = PpiPolicy.parse("deny, 5=allow,23=confirm");
        assertEquals(Decision.RUN, p.decide(PpiOperation.CLEAR, PpFlags.DEFAULT));
        assertEquals(Decision.ASK, p.decide(PpiOperation.SET_PCR_BANKS, PpFlags.DEFAULT));
        assertEquals(Decision.REFUSE, p.decide(PpiOperation.ENABLE_CLEAR, PpFlags.DEFAULT));
        assertEquals("deny,5=allow,23=confirm", p.optionText());
        assertEquals(p, PpiPolicy.parse(p.optionText()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "maybe|unknown PPI policy 'maybe'", "allow,5|'5' is not OP=MODE", "allow,x=deny|'x' is not an operation number",
        "allow,1=deny|operation 1 is not implemented", "allow,5=perhaps|unknown PPI policy 'perhaps'"})
    void badOptionTextIsOneClearLine(String text, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PpiPolicy.parse(text));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
    }

    @Test
    void lineConfirmerReadsYesOrNo() throws Exception {
        ConfirmationRequest r = new ConfirmationRequest(PpiOperation.SET_PCR_BANKS, 2);
        StringWriter out = new StringWriter();
        assertTrue(new LineConfirmer(new BufferedReader(new StringReader("yes\n")), new PrintWriter(out)).confirm(r));
        assertTrue(out.toString().contains("PCR banks to bitmap 0x2"), out.toString());
        assertTrue(!new LineConfirmer(new BufferedReader(new StringReader("n\n")), new PrintWriter(out)).confirm(r));
        assertTrue(!new LineConfirmer(new BufferedReader(new StringReader("whatever\n")), new PrintWriter(out)).confirm(r));
    }
}
