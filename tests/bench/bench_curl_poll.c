/* SPDX-License-Identifier: MIT */
/* libcurl + cJSON side of the poll-rate benchmark: what a host developer
 * writes with the usual libraries. One easy handle (libcurl keeps the
 * connection alive), the body collected into a buffer, parsed with cJSON
 * and the status read out.
 *   bench_curl_poll CA_PEM TOKEN URL N
 * Prints: polls=N ok=K seconds=S connects=C */
#define _POSIX_C_SOURCE 200809L
#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct buf {
    char data[8192];
    size_t len;
} buf_t;

static size_t on_body(char *p, size_t size, size_t n, void *user)
{
    buf_t *b = user;
    size_t k = size * n;
    if (b->len + k >= sizeof(b->data))
        return 0;
    memcpy(b->data + b->len, p, k);
    b->len += k;
    return k;
}

int main(int argc, char **argv)
{
    static buf_t body;
    static char auth[8192];
    struct curl_slist *hdrs = NULL;
    struct timespec t0, t1;
    long n, i, ok = 0, connects = 0;
    CURL *h;

    if (argc != 5) {
        fprintf(stderr, "usage: bench_curl_poll CA_PEM TOKEN URL N\n");
        return 2;
    }
    clock_gettime(CLOCK_MONOTONIC, &t0);
    n = strtol(argv[4], NULL, 10);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    h = curl_easy_init();
    snprintf(auth, sizeof(auth), "Authorization: Bearer %s", argv[2]);
    hdrs = curl_slist_append(hdrs, auth);
    curl_easy_setopt(h, CURLOPT_URL, argv[3]);
    curl_easy_setopt(h, CURLOPT_CAINFO, argv[1]);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &body);
    for (i = 0; i < n; i++) {
        long code = 0, c = 0;
        cJSON *root;
        body.len = 0;
        if (curl_easy_perform(h) != CURLE_OK)
            break;
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
        curl_easy_getinfo(h, CURLINFO_NUM_CONNECTS, &c);
        connects += c;
        root = cJSON_ParseWithLength(body.data, body.len);
        if (code == 200 && root != NULL) {
            const cJSON *s = cJSON_GetObjectItemCaseSensitive(root, "status");
            ok += cJSON_IsString(s) && strcmp(s->valuestring, "InProgress") == 0;
        }
        cJSON_Delete(root);
    }
    curl_slist_free_all(hdrs);
    curl_easy_cleanup(h);
    curl_global_cleanup();
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("polls=%ld ok=%ld seconds=%.4f connects=%ld\n", n, ok,
           (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9, connects);
    return ok == n ? 0 : 1;
}
