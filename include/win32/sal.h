/* sal.h: Microsoft's source annotation language (SAL 2) as empty macros.
 *
 * Windows headers and programs decorate parameters with _In_, _Out_opt_,
 * _Outptr_, ...; GCC has no use for them. Only the modern (underscore-wrapped)
 * spelling is defined: the old __in/__out family is left out because libstdc++
 * uses __in and __out as parameter names, so those macros would break any C++
 * standard header included afterwards.
 */
#ifndef OVL_WIN32_SAL_H
#define OVL_WIN32_SAL_H

#define _In_
#define _In_opt_
#define _In_z_
#define _In_opt_z_
#define _In_reads_(s)
#define _In_reads_opt_(s)
#define _In_reads_bytes_(s)
#define _In_reads_bytes_opt_(s)
#define _In_reads_z_(s)
#define _In_range_(lo, hi)
#define _Out_
#define _Out_opt_
#define _Out_writes_(s)
#define _Out_writes_opt_(s)
#define _Out_writes_bytes_(s)
#define _Out_writes_bytes_opt_(s)
#define _Out_writes_to_(s, c)
#define _Out_writes_to_opt_(s, c)
#define _Out_writes_bytes_to_(s, c)
#define _Out_writes_bytes_to_opt_(s, c)
#define _Out_writes_z_(s)
#define _Out_writes_opt_z_(s)
#define _Out_range_(lo, hi)
#define _Inout_
#define _Inout_opt_
#define _Inout_z_
#define _Inout_updates_(s)
#define _Inout_updates_opt_(s)
#define _Inout_updates_bytes_(s)
#define _Inout_updates_bytes_opt_(s)
#define _Outptr_
#define _Outptr_opt_
#define _Outptr_result_maybenull_
#define _Outptr_opt_result_maybenull_
#define _Outptr_result_buffer_(s)
#define _Outptr_result_bytebuffer_(s)
#define _Outptr_result_z_
#define _Deref_out_
#define _Deref_out_opt_
#define _Ret_maybenull_
#define _Ret_notnull_
#define _Ret_z_
#define _Ret_writes_(s)
#define _Ret_writes_bytes_(s)
#define _Result_nullonfailure_
#define _Result_zeroonfailure_
#define _Check_return_
#define _Must_inspect_result_
#define _Success_(expr)
#define _Use_decl_annotations_
#define _Printf_format_string_
#define _Scanf_format_string_
#define _Null_terminated_
#define _NullNull_terminated_
#define _Notnull_
#define _Maybenull_
#define _Pre_
#define _Post_
#define _Pre_notnull_
#define _Pre_maybenull_
#define _Pre_z_
#define _Post_z_
#define _Post_notnull_
#define _Post_invalid_
#define _Post_writable_byte_size_(s)
#define _Field_size_(s)
#define _Field_size_opt_(s)
#define _Field_size_bytes_(s)
#define _Field_size_bytes_opt_(s)
#define _Field_size_part_(s, c)
#define _Field_z_
#define _Field_range_(lo, hi)
#define _Reserved_
#define _Frees_ptr_
#define _Frees_ptr_opt_
#define _When_(cond, ann)
#define _At_(target, ann)
#define _Analysis_assume_(expr)
#define _Acquires_lock_(x)
#define _Releases_lock_(x)
#define _Requires_lock_held_(x)
#define _Requires_lock_not_held_(x)
#define _Acquires_exclusive_lock_(x)
#define _Releases_exclusive_lock_(x)
#define _Guarded_by_(x)
#define _Interlocked_operand_
#define _Function_class_(x)
#define _Return_type_success_(expr)
#define _Always_(ann)
#define _Strict_type_match_
#define _Struct_size_bytes_(s)

#endif /* OVL_WIN32_SAL_H */
