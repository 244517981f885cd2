/* Family relations (亲属关系) in the registry, for the prohibited kinship
 * of 《民法典》第一千零四十八条 (直系血亲, 三代以内旁系血亲): a person's
 * recorded parents (kin_links: from a 出生医学证明, the 户籍 or a court,
 * named by source), and the relations to the head of household of every
 * membership, past or present — a 子女 is a child of the head, a 孙子女 a
 * grandchild (through a parent the registry does not name), a 父母 or
 * 祖父母 a parent or grandparent of the head, a 兄弟姐妹 a child of the
 * head's parents. Nothing else is presumed: a 配偶 is no blood relative,
 * and a relation 其他 says nothing. Functions return 0 (or 1 found), or
 * -1 with a Chinese message on err. */
#ifndef MZ_KIN_H
#define MZ_KIN_H

#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"

struct registry;

enum reg_kin_kind {
    REG_KIN_NONE,      /* no blood relation within the registry's records */
    REG_KIN_LINEAL,    /* 直系血亲: one descends from the other */
    REG_KIN_COLLATERAL /* 三代以内旁系血亲: a common ancestor at most two generations above both */
};

struct reg_kin {
    enum reg_kin_kind kind;
    int up_a, up_b;      /* generations from a and from b up to the common ancestor (lineal: one 0) */
    char relation[64];   /* "父母子女", "祖孙", "兄弟姐妹", "伯叔姑舅姨与侄甥", "堂表兄弟姐妹" … */
    char evidence[600];  /* the records that make it, separated by "；" */
};

/* How persons a and b (registry ids) are related by blood, as far as the
 * records go: lineal at any depth the records reach (up to 8 generations),
 * collateral within three generations (counting oneself as the first).
 * out->kind REG_KIN_NONE when neither. */
int reg_kinship(struct registry *r, int64_t a, int64_t b, struct reg_kin *out,
                struct mz_err *err);

/* Records that parent is a parent of child (registry ids), from the
 * document named by source (出生医学证明, 户籍登记, 法院判决 …), audited
 * (kin.add) under the registry's actor. Refused: the same person, a parent
 * born after the child, or a parent who descends from the child. *added is
 * false when the link is on record already. */
int reg_parent_add(struct registry *r, int64_t child, int64_t parent, const char *source,
                   bool *added, struct mz_err *err);

#endif
