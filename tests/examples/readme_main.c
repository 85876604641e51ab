/* SPDX-License-Identifier: MIT */
/* Runs the README's C example (compiled from README.md itself):
 *     readme_example ENDPOINT TOKEN URL
 * and prints the result code's name. tests/e2e/test_readme_e2e.py runs it
 * against the simulator, so the documented code must build, link and behave
 * as the README says. */
#include <stdio.h>

#include "amsop.h"

amsop_err_t follow(const char *endpoint, const char *token, const char *url);

void report_state(const char *status, const char *code)
{
    printf("state %s %s\n", status, code);
}

int main(int argc, char **argv)
{
    amsop_err_t err;
    if (argc != 4) {
        fprintf(stderr, "usage: readme_example ENDPOINT TOKEN URL\n");
        return 2;
    }
    err = follow(argv[1], argv[2], argv[3]);
    printf("follow: %s\n", amsop_err_name(err));
    return err == AMSOP_OK ? 0 : 1;
}
