/* Links the README's example into a program and runs it once against an
 * endpoint nobody listens on: the documented code must build, link and fail
 * cleanly with a network error (never hang, never crash). */
#include <stdio.h>
#include <string.h>

#include "amsop.h"

amsop_err_t follow(const char *token, const char *async_operation_url);

void report_state(const char *status, const char *code)
{
    printf("state %s %s\n", status, code);
}

int main(void)
{
    /* A URL for the default endpoint: management.azure.com is not reachable
     * from the test machine, so this must end in a network error. */
    const char *url = "https://management.azure.com/subscriptions/"
                      "0a6ec948-5a62-437d-b9df-934dc7c1b722/resourcegroups/mediaresources/"
                      "providers/Microsoft.Media/mediaservices/slitestmedia10/"
                      "liveeventoperations/62e4d893-d233-4005-988e-a428d9f77076"
                      "?api-version=2022-11-01";
    amsop_err_t err = follow("token.for.readme", url);
    printf("follow: %s\n", amsop_err_name(err));
    return (err == AMSOP_ERR_NET_DNS || err == AMSOP_ERR_NET_CONNECT || err == AMSOP_ERR_TIMEOUT ||
            err == AMSOP_ERR_DEADLINE)
               ? 0
               : 1;
}
