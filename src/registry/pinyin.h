/* Romanization of Chinese place names after GB/T 16159-2012 using ICU's
 * Han-Latin transliterator: the specific part (专名) and the generic part
 * (通名) are written separately and capitalized ("Yúzhōng Qū"), syllables
 * of one word are joined with an apostrophe before a syllable beginning with
 * a, o or e ("Xī'ān"), and characters with a place-name reading take it
 * (长寿 Chángshòu, not Zhǎngshòu). The readings ICU gets wrong and the
 * generic parts, organization suffixes and ethnic groups a name splits into
 * ("Shízhù Tǔjiāzú Zìzhìxiàn", "Liǎngjiāng Xīnqū", "Fùyuáncūn Cūnmín
 * Wěiyuánhuì") are data: data/place-pinyin.tsv, compiled in. A handle is for one thread at a time
 * (pinyin_initials caches each character's initial in it). */
#ifndef MZ_PINYIN_H
#define MZ_PINYIN_H

#include <stddef.h>

#include "base/err.h"

struct pinyin;

int pinyin_open(struct pinyin **out, struct mz_err *err);
void pinyin_close(struct pinyin *p);

/* Writes the romanized form of the UTF-8 place name into out (cap bytes). */
int pinyin_place_name(struct pinyin *p, const char *name, char *out, size_t cap);

/* The length in bytes of the specific part (专名) of name: what is left
 * when the organization suffix, the generic part and ethnic groups are
 * taken off its end ("两江新区" -> 6, the bytes of "两江"); strlen(name) when
 * it has no generic part. */
size_t pinyin_specific_len(const char *name);

/* For search: the toneless lower-case letters of name's syllables in
 * place-name readings ("长寿区" -> "changshouqu") into letters and their
 * initials ("csq") into initials. */
int pinyin_place_search(struct pinyin *p, const char *name, char *letters, size_t lcap,
                        char *initials, size_t icap);

/* Writes the lower-case toneless initials of each Han character ("张三" ->
 * "zs"), for search by pinyin initials; characters of the CJK Unified
 * Ideographs block are transliterated once per handle and cached. */
int pinyin_initials(struct pinyin *p, const char *name, char *out, size_t cap);

#endif
