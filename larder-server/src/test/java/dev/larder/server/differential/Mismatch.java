package dev.larder.server.differential;

/**
 * Two servers answered one step differently.
 *
 * @param step the step's index in its script
 * @param command the command as text
 * @param expected the reference server's reply, readable
 * @param actual the server under test's reply, readable
 * @param why which comparison failed
 */
record Mismatch(int step, String command, String expected, String actual, String why) {

    String describe(String expectedName, String actualName) {
        return "step " + step + ": " + command + "\n    " + expectedName + ": " + expected + "\n    " + actualName + ": "
                + actual + "\n    (" + why + ")";
    }
}
