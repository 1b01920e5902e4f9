package io.jvtpm.engine.fuzz;

import java.util.List;

/**
 * A command before it is marshalled: code, handle area, sessions and parameters (TPM 2.0 Library
 * Part 1, 18.2). {@link CommandMarshaller} turns it into bytes with the session HMACs and the
 * parameter encryption it asks for.
 *
 * @param family  the command family that produced it (for the statistics)
 */
record Draft(String family, int commandCode, int[] handles, List<Auth> auths, byte[] params,
        List<Params.Field> fields) {

    static Draft of(String family, int cc, int[] handles, List<Auth> auths, Params p) {
        return new Draft(family, cc, handles, auths, p.toByteArray(), p.fields());
    }

    Draft withCode(int cc) {
        return new Draft(family, cc, handles, auths, params, fields);
    }

    Draft withHandles(int[] h) {
        return new Draft(family, commandCode, h, auths, params, fields);
    }

    Draft withAuths(List<Auth> a) {
        return new Draft(family, commandCode, handles, a, params, fields);
    }

    Draft withParams(byte[] p, List<Params.Field> f) {
        return new Draft(family, commandCode, handles, auths, p, f);
    }
}
