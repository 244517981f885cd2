/* 国密 primitives against the standards' known answers (GB/T 32905 SM3,
 * GB/T 32907 SM4, GM/T 0042 HMAC-SM3, draft-ribose-cfrg-sm4 modes), and the
 * vault: sealing, tamper detection, blind index, key files and MZ_KEY. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* after the headers it needs */

#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/mem.h"
#include "crypto/sm.h"
#include "crypto/vault.h"

/* Decodes the hex string s into out (strlen(s)/2 bytes); returns that length. */
static size_t unhex(const char *s, unsigned char *out)
{
    size_t n = strlen(s) / 2;
    for (size_t i = 0; i < n; i++) {
        unsigned v;
        assert_int_equal(sscanf(s + 2 * i, "%2x", &v), 1);
        out[i] = (unsigned char)v;
    }
    return n;
}

static void assert_hex(const unsigned char *got, const char *want)
{
    unsigned char w[256];
    size_t n = unhex(want, w);
    assert_memory_equal(got, w, n);
}

/* ---- SM3 (GB/T 32905-2016, appendix A) ---------------------------------- */

static void sm3_standard_examples(void **state)
{
    unsigned char d[SM3_LEN];
    assert_int_equal(sm3_digest("abc", 3, d), 0);
    assert_hex(d, "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
    char abcd[65] = "";
    for (int i = 0; i < 16; i++)
        strcat(abcd, "abcd");
    assert_int_equal(sm3_digest(abcd, 64, d), 0);
    assert_hex(d, "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732");
}

/* ---- HMAC-SM3 (GM/T 0042-2015 appendix D.3; also checked with
 * `openssl mac -digest SM3 -macopt hexkey:... HMAC`) ---------------------- */

static void hmac_sm3_standard_examples(void **state)
{
    unsigned char key[64], data[64], mac[SM3_LEN];
    const char *abc = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
                      "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    size_t klen = unhex("0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20", key);
    assert_int_equal(sm3_hmac(key, klen, abc, strlen(abc), mac), 0);
    assert_hex(mac, "ca05e144ed05d1857840d1f318a4a8669e559fc8391f414485bfdf7bb408963a");

    klen = unhex("0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425", key);
    memset(data, 0xcd, 50);
    assert_int_equal(sm3_hmac(key, klen, data, 50, mac), 0);
    assert_hex(mac, "220bf579ded555393f0159f66c99877822a3ecf610d1552154b41d44b94db3ae");

    /* The key matters. */
    key[0] ^= 1;
    unsigned char other[SM3_LEN];
    assert_int_equal(sm3_hmac(key, klen, data, 50, other), 0);
    assert_memory_not_equal(mac, other, SM3_LEN);
}

/* ---- SM4 (GB/T 32907-2016, appendix A) ---------------------------------- */

static const char *const gbt_key = "0123456789abcdeffedcba9876543210";

static void sm4_standard_example_1(void **state)
{
    unsigned char key[16], block[16], out[16], back[16], zero_iv[16] = {0};
    unhex(gbt_key, key);
    unhex(gbt_key, block); /* the plaintext is the key */
    assert_int_equal(sm4_crypt(SM4_ECB, 1, key, NULL, block, 16, out), 0);
    assert_hex(out, "681edf34d206965e86b3e94f536e4246");
    assert_int_equal(sm4_crypt(SM4_ECB, 0, key, NULL, out, 16, back), 0);
    assert_memory_equal(back, block, 16);
    /* CBC with a zero IV is ECB for one block. */
    assert_int_equal(sm4_crypt(SM4_CBC, 1, key, zero_iv, block, 16, out), 0);
    assert_hex(out, "681edf34d206965e86b3e94f536e4246");
}

/* Example 2: the plaintext encrypted 1,000,000 times with the same key. CBC
 * with a zero IV over P || 0 || 0 ... computes it in one call: block i+1 of
 * the ciphertext is SM4(0 XOR block i). */
static void sm4_standard_example_2(void **state)
{
    enum { ROUNDS = 1000000 };
    unsigned char key[16], zero_iv[16] = {0};
    unsigned char *buf = mz_calloc(ROUNDS, 16);
    assert_non_null(buf);
    unhex(gbt_key, key);
    unhex(gbt_key, buf);
    assert_int_equal(sm4_crypt(SM4_CBC, 1, key, zero_iv, buf, (size_t)ROUNDS * 16, buf), 0);
    assert_hex(buf + (size_t)(ROUNDS - 1) * 16, "595298c7c6fd271f0402f804c33d3f66");
    mz_free(buf);
}

/* draft-ribose-cfrg-sm4-10 appendix A.2.2.1 (CBC) and A.2.5.1 (CTR). */
static void sm4_modes_examples(void **state)
{
    unsigned char key[16], iv[16], plain[64], out[64], back[64];
    unhex(gbt_key, key);
    unhex("000102030405060708090a0b0c0d0e0f", iv);

    size_t n = unhex("aaaaaaaabbbbbbbbccccccccddddddddeeeeeeeeffffffffaaaaaaaabbbbbbbb", plain);
    assert_int_equal(sm4_crypt(SM4_CBC, 1, key, iv, plain, n, out), 0);
    assert_hex(out, "78ebb11cc40b0a48312aaeb2040244cb4cb7016951909226979b0d15dc6a8f6d");
    assert_int_equal(sm4_crypt(SM4_CBC, 0, key, iv, out, n, back), 0);
    assert_memory_equal(back, plain, n);

    n = unhex("aaaaaaaaaaaaaaaabbbbbbbbbbbbbbbbccccccccccccccccdddddddddddddddd"
              "eeeeeeeeeeeeeeeeffffffffffffffffaaaaaaaaaaaaaaaabbbbbbbbbbbbbbbb",
              plain);
    const char *ctr = "ac3236cb970cc20791364c395a1342d1a3cbc1878c6f30cd074cce385cdd70c7"
                      "f234bc0e24c11980fd1286310ce37b926e02fcd0faa0baf38b2933851d824514";
    assert_int_equal(sm4_crypt(SM4_CTR, 1, key, iv, plain, n, out), 0);
    assert_hex(out, ctr);
    assert_int_equal(sm4_crypt(SM4_CTR, 0, key, iv, out, n, back), 0);
    assert_memory_equal(back, plain, n);
    /* CTR is a stream: a prefix of the plaintext gives a prefix of the ciphertext. */
    memset(out, 0, sizeof out);
    assert_int_equal(sm4_crypt(SM4_CTR, 1, key, iv, plain, 21, out), 0);
    unsigned char want[64];
    unhex(ctr, want);
    assert_memory_equal(out, want, 21);
    assert_int_equal(out[21], 0);
}

static void sm4_rejects_bad_lengths(void **state)
{
    unsigned char key[16] = {0}, iv[16] = {0}, buf[32] = {0};
    assert_int_equal(sm4_crypt(SM4_ECB, 1, key, NULL, buf, 15, buf), -1);
    assert_int_equal(sm4_crypt(SM4_CBC, 0, key, iv, buf, 17, buf), -1);
    assert_int_equal(sm4_crypt(SM4_CBC, 1, key, NULL, buf, 16, buf), -1);
    assert_int_equal(sm4_crypt(SM4_ECB, 1, key, NULL, buf, 0, buf), 0);
}

static void equal_compares_every_byte(void **state)
{
    unsigned char a[32], b[32];
    assert_int_equal(sm_random(a, sizeof a), 0);
    memcpy(b, a, sizeof a);
    assert_true(sm_equal(a, b, sizeof a));
    for (size_t i = 0; i < sizeof a; i++) {
        b[i] ^= 0x80;
        assert_false(sm_equal(a, b, sizeof a));
        b[i] ^= 0x80;
    }
    assert_true(sm_equal(a, b, 0));
}

/* ---- vault fixtures ------------------------------------------------------- */

struct fixture {
    char dir[64];
    char keyfile[128];
};

static int setup(void **state)
{
    struct fixture *f = mz_calloc(1, sizeof *f);
    if (!f) return -1;
    strcpy(f->dir, "/tmp/mz-crypto-XXXXXX");
    if (!mkdtemp(f->dir)) return -1;
    snprintf(f->keyfile, sizeof f->keyfile, "%s/master.key", f->dir);
    unsetenv("MZ_KEY");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    DIR *d = opendir(f->dir);
    struct dirent *e;
    char path[512];
    while (d && (e = readdir(d))) {
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
            snprintf(path, sizeof path, "%s/%s", f->dir, e->d_name);
            unlink(path);
        }
    }
    if (d) closedir(d);
    rmdir(f->dir);
    unsetenv("MZ_KEY");
    mz_free(f);
    return 0;
}

static void write_file(const char *path, const char *text, mode_t mode)
{
    int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0600);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    assert_int_equal(fchmod(fd, mode), 0);
    close(fd);
}

static const char *const key_a = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
static const char *const key_b = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";
static const char *const id = "11010519491231002X";

static struct vault *load_ok(const char *keyfile)
{
    struct vault *v = NULL;
    struct mz_err err;
    mz_err_clear(&err);
    int rc = vault_load(keyfile, &v, &err);
    if (rc != 0) fail_msg("vault_load: %s: %s", err.code, err.msg);
    assert_non_null(v);
    return v;
}

static void index_of(const struct vault *v, const char *s, unsigned char out[VAULT_INDEX_LEN])
{
    assert_int_equal(vault_blind_index(v, s, strlen(s), out), 0);
}

/* ---- sealing -------------------------------------------------------------- */

static void seal_round_trip(void **state)
{
    struct fixture *f = *state;
    struct vault *v = load_ok(f->keyfile);
    const char *plains[] = {id, "", "张三 500103199001011234 — a longer field that spans blocks"};
    for (size_t i = 0; i < sizeof plains / sizeof *plains; i++) {
        size_t n = strlen(plains[i]);
        assert_int_equal(vault_sealed_len(n), 1 + 16 + n + 32);
        unsigned char sealed[256];
        assert_int_equal(vault_seal(v, plains[i], n, sealed), 0);
        assert_int_equal(sealed[0], 0x01);
        if (n > 0) /* the ciphertext does not show the plaintext */
            assert_memory_not_equal(sealed + 17, plains[i], n);
        char out[128];
        size_t outlen = 999;
        struct mz_err err;
        assert_int_equal(
            vault_unseal(v, sealed, vault_sealed_len(n), out, sizeof out, &outlen, &err), 0);
        assert_int_equal(outlen, n);
        assert_string_equal(out, plains[i]);
    }
    vault_free(v);
}

/* The format is the documented one: an independent computation from the
 * master key with the primitives gives the same index, MAC and plaintext. */
static void seal_follows_documented_format(void **state)
{
    setenv("MZ_KEY", key_a, 1);
    struct vault *v = load_ok(NULL);
    unsigned char master[32], enc[SM3_LEN], mac_key[SM3_LEN], index_key[SM3_LEN];
    unhex(key_a, master);
    assert_int_equal(sm3_hmac(master, 32, "minzheng/enc", 12, enc), 0);
    assert_int_equal(sm3_hmac(master, 32, "minzheng/mac", 12, mac_key), 0);
    assert_int_equal(sm3_hmac(master, 32, "minzheng/index", 14, index_key), 0);

    size_t n = strlen(id), len = vault_sealed_len(n);
    unsigned char sealed[128], mac[SM3_LEN], plain[32], idx[VAULT_INDEX_LEN];
    assert_int_equal(vault_seal(v, id, n, sealed), 0);
    assert_int_equal(sm3_hmac(mac_key, 32, sealed, len - 32, mac), 0);
    assert_memory_equal(sealed + len - 32, mac, 32);
    assert_int_equal(sm4_crypt(SM4_CTR, 0, enc, sealed + 1, sealed + 17, n, plain), 0);
    assert_memory_equal(plain, id, n);

    index_of(v, id, idx);
    assert_int_equal(sm3_hmac(index_key, 32, id, n, mac), 0);
    assert_memory_equal(idx, mac, VAULT_INDEX_LEN);
    vault_free(v);
}

static void every_flipped_byte_is_tampering(void **state)
{
    struct fixture *f = *state;
    struct vault *v = load_ok(f->keyfile);
    size_t n = strlen(id), len = vault_sealed_len(n);
    unsigned char sealed[128];
    char out[64];
    size_t outlen;
    struct mz_err err;
    assert_int_equal(vault_seal(v, id, n, sealed), 0);
    for (size_t i = 0; i < len; i++) {
        for (unsigned bit = 1; bit < 256; bit <<= 1) {
            sealed[i] ^= (unsigned char)bit;
            mz_err_clear(&err);
            assert_int_equal(vault_unseal(v, sealed, len, out, sizeof out, &outlen, &err), -1);
            assert_string_equal(err.code, "tampered");
            sealed[i] ^= (unsigned char)bit;
        }
    }
    /* Truncated or extended values are tampering too. */
    for (size_t cut = 0; cut < len; cut++) {
        assert_int_equal(vault_unseal(v, sealed, cut, out, sizeof out, &outlen, &err), -1);
        assert_string_equal(err.code, "tampered");
    }
    assert_int_equal(vault_unseal(v, sealed, len, out, sizeof out, &outlen, &err), 0);
    sealed[len] = 0;
    assert_int_equal(vault_unseal(v, sealed, len + 1, out, sizeof out, &outlen, &err), -1);
    assert_string_equal(err.code, "tampered");
    assert_non_null(strstr(err.msg, "HMAC-SM3"));
    /* A buffer one byte short of plaintext + NUL is refused, not overrun. */
    assert_int_equal(vault_unseal(v, sealed, len, out, n, &outlen, &err), -1);
    assert_string_equal(err.code, "buffer_too_small");
    vault_free(v);
}

static void random_iv_but_equal_index(void **state)
{
    struct fixture *f = *state;
    struct vault *v = load_ok(f->keyfile);
    size_t n = strlen(id);
    unsigned char s1[128], s2[128], i1[16], i2[16], i3[16];
    assert_int_equal(vault_seal(v, id, n, s1), 0);
    assert_int_equal(vault_seal(v, id, n, s2), 0);
    assert_memory_not_equal(s1 + 1, s2 + 1, 16);  /* IVs */
    assert_memory_not_equal(s1 + 17, s2 + 17, n); /* ciphertexts */
    index_of(v, id, i1);
    index_of(v, id, i2);
    index_of(v, "110105194912310021", i3);
    assert_memory_equal(i1, i2, 16);
    assert_memory_not_equal(i1, i3, 16);
    vault_free(v);
}

static void different_master_keys(void **state)
{
    setenv("MZ_KEY", key_a, 1);
    struct vault *a = load_ok(NULL);
    setenv("MZ_KEY", key_b, 1);
    struct vault *b = load_ok(NULL);
    unsigned char ia[16], ib[16], sealed[128];
    index_of(a, id, ia);
    index_of(b, id, ib);
    assert_memory_not_equal(ia, ib, 16);
    size_t n = strlen(id);
    char out[64];
    size_t outlen;
    struct mz_err err;
    assert_int_equal(vault_seal(a, id, n, sealed), 0);
    assert_int_equal(vault_unseal(b, sealed, vault_sealed_len(n), out, sizeof out, &outlen, &err),
                     -1);
    assert_string_equal(err.code, "tampered");
    vault_free(a);
    vault_free(b);
}

/* ---- keys ------------------------------------------------------------------ */

static void key_file_generated_and_reloaded(void **state)
{
    struct fixture *f = *state;
    struct vault *v = load_ok(f->keyfile);
    struct stat st;
    assert_int_equal(stat(f->keyfile, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(st.st_size, 65);
    char text[80] = "";
    FILE *fp = fopen(f->keyfile, "r");
    assert_non_null(fp);
    assert_non_null(fgets(text, sizeof text, fp));
    fclose(fp);
    assert_int_equal(strspn(text, "0123456789abcdef"), 64);
    assert_int_equal(text[64], '\n');

    unsigned char i1[16], i2[16], i3[16], sealed[128];
    size_t n = strlen(id);
    index_of(v, id, i1);
    assert_int_equal(vault_seal(v, id, n, sealed), 0);
    vault_free(v);

    v = load_ok(f->keyfile); /* the same key, read back */
    index_of(v, id, i2);
    assert_memory_equal(i1, i2, 16);
    char out[64];
    size_t outlen;
    struct mz_err err;
    assert_int_equal(vault_unseal(v, sealed, vault_sealed_len(n), out, sizeof out, &outlen, &err),
                     0);
    assert_string_equal(out, id);
    vault_free(v);

    /* A second fresh key file holds a different random key. */
    char other[160];
    snprintf(other, sizeof other, "%s/other.key", f->dir);
    v = load_ok(other);
    index_of(v, id, i3);
    assert_memory_not_equal(i1, i3, 16);
    vault_free(v);
}

static void key_file_readable_by_others_refused(void **state)
{
    struct fixture *f = *state;
    static const mode_t modes[] = {0644, 0640, 0604, 0660, 0602};
    char text[80];
    snprintf(text, sizeof text, "%s\n", key_a);
    for (size_t i = 0; i < sizeof modes / sizeof *modes; i++) {
        write_file(f->keyfile, text, modes[i]);
        struct vault *v = (struct vault *)1;
        struct mz_err err;
        assert_int_equal(vault_load(f->keyfile, &v, &err), -1);
        assert_null(v);
        assert_string_equal(err.code, "invalid_key");
        assert_non_null(strstr(err.msg, f->keyfile));
        assert_non_null(strstr(err.msg, "chmod 600"));
    }
    assert_int_equal(chmod(f->keyfile, 0400), 0);
    vault_free(load_ok(f->keyfile));
}

static void env_key_overrides_file(void **state)
{
    struct fixture *f = *state;
    char text[80];
    snprintf(text, sizeof text, "%s", key_b); /* no newline: also accepted */
    write_file(f->keyfile, text, 0600);
    struct vault *from_file = load_ok(f->keyfile);

    setenv("MZ_KEY", key_a, 1);
    struct vault *from_env = load_ok(f->keyfile);
    char missing[160];
    snprintf(missing, sizeof missing, "%s/missing.key", f->dir);
    struct vault *env_only = load_ok(missing);
    assert_int_equal(access(missing, F_OK), -1); /* no key file generated */
    unsetenv("MZ_KEY");

    snprintf(text, sizeof text, "%s\n", key_a);
    write_file(f->keyfile, text, 0600);
    struct vault *file_a = load_ok(f->keyfile);

    unsigned char i_file[16], i_env[16], i_env_only[16], i_a[16];
    index_of(from_file, id, i_file);
    index_of(from_env, id, i_env);
    index_of(env_only, id, i_env_only);
    index_of(file_a, id, i_a);
    assert_memory_not_equal(i_env, i_file, 16);
    assert_memory_equal(i_env, i_a, 16);
    assert_memory_equal(i_env_only, i_a, 16);
    vault_free(from_file);
    vault_free(from_env);
    vault_free(env_only);
    vault_free(file_a);
}

static void expect_refused(const char *keyfile, const char *code, const char *needle1,
                           const char *needle2)
{
    struct vault *v = NULL;
    struct mz_err err;
    mz_err_clear(&err);
    assert_int_equal(vault_load(keyfile, &v, &err), -1);
    assert_null(v);
    assert_string_equal(err.code, code);
    if (!strstr(err.msg, needle1) || !strstr(err.msg, needle2))
        fail_msg("message \"%s\" lacks \"%s\" or \"%s\"", err.msg, needle1, needle2);
}

static void malformed_keys_refused(void **state)
{
    struct fixture *f = *state;
    char text[160];

    setenv("MZ_KEY", "0123", 1);
    expect_refused(f->keyfile, "invalid_key", "MZ_KEY", "实为4个字符");
    snprintf(text, sizeof text, "%.63sg", key_a);
    setenv("MZ_KEY", text, 1);
    expect_refused(f->keyfile, "invalid_key", "MZ_KEY", "第64个字符不是十六进制");
    snprintf(text, sizeof text, "%s\n", key_a); /* the final newline is only allowed in files */
    setenv("MZ_KEY", text, 1);
    expect_refused(f->keyfile, "invalid_key", "MZ_KEY 第 2 把密钥", "实为0个字符");
    setenv("MZ_KEY", "", 1);
    expect_refused(f->keyfile, "invalid_key", "MZ_KEY", "实为0个字符");
    assert_int_equal(access(f->keyfile, F_OK), -1);
    unsetenv("MZ_KEY");

    write_file(f->keyfile, "00112233\n", 0600);
    expect_refused(f->keyfile, "invalid_key", f->keyfile, "实为8个字符");
    snprintf(text, sizeof text, "%s%s", key_a, key_b);
    write_file(f->keyfile, text, 0600);
    expect_refused(f->keyfile, "invalid_key", f->keyfile, "实为128个字符");
    snprintf(text, sizeof text, "%s\n\n", key_a); /* an empty second key */
    write_file(f->keyfile, text, 0600);
    expect_refused(f->keyfile, "invalid_key", "第 2 把密钥", "实为0个字符");
    snprintf(text, sizeof text, "%s,%.60s", key_a, key_b);
    setenv("MZ_KEY", text, 1);
    expect_refused(f->keyfile, "invalid_key", "MZ_KEY 第 2 把密钥", "实为60个字符");
    unsetenv("MZ_KEY");
    snprintf(text, sizeof text, "x%s\n", key_a + 1);
    write_file(f->keyfile, text, 0600);
    expect_refused(f->keyfile, "invalid_key", f->keyfile, "第1个字符不是十六进制");
    write_file(f->keyfile, "", 0600);
    expect_refused(f->keyfile, "invalid_key", f->keyfile, "实为0个字符");

    expect_refused(f->dir, "invalid_key", f->dir, "不是普通文件");
    char nodir[200];
    snprintf(nodir, sizeof nodir, "%s/no/such/dir.key", f->dir);
    expect_refused(nodir, "key_file", nodir, "无法创建");
    expect_refused(NULL, "invalid_key", "MZ_KEY", "密钥文件");
}

/* Key rotation: a ring of two keys seals under the second, still opens
 * what the first sealed, finds it by either index, and names a key it does
 * not hold; vault_add_key appends a new key to the file. */
static void key_ring_rotation(void **state)
{
    struct fixture *f = *state;
    char text[200];
    snprintf(text, sizeof text, "%s\n", key_a);
    write_file(f->keyfile, text, 0600);
    struct vault *one = load_ok(f->keyfile);
    assert_int_equal(vault_epoch(one), 1);
    size_t n = strlen(id);
    unsigned char old[128], now[128], i_old[16], i_now[16], i_at[16];
    assert_int_equal(vault_seal(one, id, n, old), 0);
    assert_int_equal(old[0], 1); /* the first key's values are what 0x01 always was */
    index_of(one, id, i_old);

    snprintf(text, sizeof text, "%s\n%s\n", key_a, key_b);
    write_file(f->keyfile, text, 0600);
    struct vault *two = load_ok(f->keyfile);
    assert_int_equal(vault_epoch(two), 2);
    assert_int_equal(vault_seal(two, id, n, now), 0);
    assert_int_equal(vault_sealed_epoch(now, vault_sealed_len(n)), 2);
    char out[64];
    size_t outlen;
    struct mz_err err = {0};
    assert_int_equal(vault_unseal(two, old, vault_sealed_len(n), out, sizeof out, &outlen, &err), 0);
    assert_string_equal(out, id);
    assert_int_equal(vault_unseal(two, now, vault_sealed_len(n), out, sizeof out, &outlen, &err), 0);
    assert_string_equal(out, id);
    /* the old ring cannot open the new key's value, and says why */
    assert_int_equal(vault_unseal(one, now, vault_sealed_len(n), out, sizeof out, &outlen, &err), -1);
    assert_string_equal(err.code, "tampered");
    assert_non_null(strstr(err.msg, "第 2 把"));
    index_of(two, id, i_now);
    assert_memory_not_equal(i_now, i_old, 16);
    assert_int_equal(vault_blind_index_at(two, 1, id, n, i_at), 0);
    assert_memory_equal(i_at, i_old, 16);
    assert_int_equal(vault_blind_index_at(two, 3, id, n, i_at), -1);
    unsigned char m1[32], m2[32];
    assert_int_equal(vault_audit_mac(one, 1, "x", 1, m1), 0);
    assert_int_equal(vault_audit_mac(two, 1, "x", 1, m2), 0);
    assert_memory_equal(m1, m2, 32);
    assert_int_equal(vault_audit_mac(two, 2, "x", 1, m2), 0);
    assert_memory_not_equal(m1, m2, 32);

    /* MZ_KEY holds a ring the same way, separated by commas */
    snprintf(text, sizeof text, "%s,%s", key_a, key_b);
    setenv("MZ_KEY", text, 1);
    struct vault *env = load_ok(f->keyfile);
    unsetenv("MZ_KEY");
    assert_int_equal(vault_epoch(env), 2);
    index_of(env, id, i_at);
    assert_memory_equal(i_at, i_now, 16);

    int epoch = 0;
    assert_int_equal(vault_add_key(f->keyfile, &epoch, &err), 0);
    assert_int_equal(epoch, 3);
    struct stat st;
    assert_int_equal(stat(f->keyfile, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    struct vault *three = load_ok(f->keyfile);
    assert_int_equal(vault_epoch(three), 3);
    assert_int_equal(vault_unseal(three, old, vault_sealed_len(n), out, sizeof out, &outlen, &err), 0);
    assert_int_equal(vault_unseal(three, now, vault_sealed_len(n), out, sizeof out, &outlen, &err), 0);
    vault_free(one);
    vault_free(two);
    vault_free(env);
    vault_free(three);
}

static void load_survives_allocation_failure(void **state)
{
    struct fixture *f = *state;
    int failures = 0;
    for (long k = 0;; k++) {
        struct vault *v = (struct vault *)1;
        struct mz_err err;
        mem_fail_after(k);
        int rc = vault_load(f->keyfile, &v, &err);
        mem_fail_reset();
        if (rc == 0) {
            assert_non_null(v);
            vault_free(v);
            break;
        }
        assert_int_equal(rc, -1);
        assert_null(v);
        assert_string_equal(err.code, "out_of_memory");
        failures++;
    }
    assert_true(failures >= 1);
}

/* ---- threads ------------------------------------------------------------- */

struct worker {
    const struct vault *v;
    int seed;
    int ok;
};

static void *seal_many(void *arg)
{
    struct worker *w = arg;
    w->ok = 1;
    for (int i = 0; i < 500 && w->ok; i++) {
        char plain[32], out[32];
        unsigned char sealed[128], i1[16], i2[16];
        size_t n = (size_t)snprintf(plain, sizeof plain, "50010%d%08d", w->seed, i), outlen = 0;
        struct mz_err err;
        w->ok =
            vault_seal(w->v, plain, n, sealed) == 0 &&
            vault_unseal(w->v, sealed, vault_sealed_len(n), out, sizeof out, &outlen, &err) == 0 &&
            outlen == n && strcmp(out, plain) == 0 && vault_blind_index(w->v, plain, n, i1) == 0 &&
            vault_blind_index(w->v, plain, n, i2) == 0 && memcmp(i1, i2, 16) == 0;
    }
    return NULL;
}

static void vault_shared_by_threads(void **state)
{
    setenv("MZ_KEY", key_a, 1);
    struct vault *v = load_ok(NULL);
    enum { NTHREADS = 4 };
    pthread_t threads[NTHREADS];
    struct worker workers[NTHREADS];
    for (int i = 0; i < NTHREADS; i++) {
        workers[i] = (struct worker){.v = v, .seed = i};
        assert_int_equal(pthread_create(&threads[i], NULL, seal_many, &workers[i]), 0);
    }
    for (int i = 0; i < NTHREADS; i++) {
        assert_int_equal(pthread_join(threads[i], NULL), 0);
        assert_true(workers[i].ok);
    }
    vault_free(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sm3_standard_examples),
        cmocka_unit_test(hmac_sm3_standard_examples),
        cmocka_unit_test(sm4_standard_example_1),
        cmocka_unit_test(sm4_standard_example_2),
        cmocka_unit_test(sm4_modes_examples),
        cmocka_unit_test(sm4_rejects_bad_lengths),
        cmocka_unit_test(equal_compares_every_byte),
        cmocka_unit_test_setup_teardown(seal_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(seal_follows_documented_format, setup, teardown),
        cmocka_unit_test_setup_teardown(every_flipped_byte_is_tampering, setup, teardown),
        cmocka_unit_test_setup_teardown(random_iv_but_equal_index, setup, teardown),
        cmocka_unit_test_setup_teardown(different_master_keys, setup, teardown),
        cmocka_unit_test_setup_teardown(key_file_generated_and_reloaded, setup, teardown),
        cmocka_unit_test_setup_teardown(key_file_readable_by_others_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(env_key_overrides_file, setup, teardown),
        cmocka_unit_test_setup_teardown(malformed_keys_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(key_ring_rotation, setup, teardown),
        cmocka_unit_test_setup_teardown(load_survives_allocation_failure, setup, teardown),
        cmocka_unit_test_setup_teardown(vault_shared_by_threads, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
