"""Texts the HTTP, CMS and scan tests send: one blatant spam comment, one plain ham one."""

# City + venue promos, a hook-up phrase and a QQ group: spam under any threshold.
BLATANT = "爱上海论坛 新上海龙凤419会所 上海夜网论坛 上海夜网论坛 上海419 同城约炮 qq群"
HAM = "A quiet afternoon walk along the Bund, then tea with friends."
