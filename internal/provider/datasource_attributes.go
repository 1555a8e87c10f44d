package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Most of what the data sources export is a computed value with only a
// description; these build those attributes so the schemas read as a list.

func computedString(desc string) schema.StringAttribute {
	return schema.StringAttribute{Description: desc, Computed: true}
}

func computedBool(desc string) schema.BoolAttribute {
	return schema.BoolAttribute{Description: desc, Computed: true}
}

func computedInt64(desc string) schema.Int64Attribute {
	return schema.Int64Attribute{Description: desc, Computed: true}
}

func computedFloat64(desc string) schema.Float64Attribute {
	return schema.Float64Attribute{Description: desc, Computed: true}
}

func computedStringList(desc string) schema.ListAttribute {
	return schema.ListAttribute{Description: desc, Computed: true, ElementType: types.StringType}
}
