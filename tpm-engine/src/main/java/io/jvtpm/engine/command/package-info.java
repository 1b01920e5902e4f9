/** Command dispatch driven by one command attribute table, password authorization, and the command actions (TPM 2.0 Library Part 3). */
package io.jvtpm.engine.command;
